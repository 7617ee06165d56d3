package zmai.fleet.ingest;

import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Whether meter readings are getting through: the broker connection and the database writes. A wellness check
 * ({@code /q/health/well}, and in {@code /q/health}) rather than readiness, because the API and the console keep
 * serving while the broker is away, and an orchestrator should not take the server out of service for it.
 */
@Wellness
@ApplicationScoped
class IngestHealth implements HealthCheck {

    private final MqttIngest ingest;
    private final BatchWriter writer;

    IngestHealth(MqttIngest ingest, BatchWriter writer) {
        this.ingest = ingest;
        this.writer = writer;
    }

    @Override
    public HealthCheckResponse call() {
        boolean connected = ingest.isConnected();
        boolean databaseDown = writer.isDatabaseDown();
        return HealthCheckResponse.named("meter ingest")
                .status(connected && !databaseDown)
                .withData("broker", connected ? "connected" : "disconnected")
                .withData("database", databaseDown ? "refusing writes" : "writing")
                .withData("unwrittenBatches", writer.unwrittenBatches())
                .build();
    }
}
