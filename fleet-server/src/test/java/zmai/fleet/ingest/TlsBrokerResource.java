package zmai.fleet.ingest;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Starts a {@link TlsMosquitto} before the server and points the server's MQTT settings at it. */
public final class TlsBrokerResource implements QuarkusTestResourceLifecycleManager {

    private TlsMosquitto broker;

    @Override
    public Map<String, String> start() {
        try {
            broker = TlsMosquitto.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the TLS Mosquitto: " + e.getMessage(), e);
        }
        return Map.of(
                "fleet.mqtt.url", broker.url(),
                "fleet.mqtt.trust-store", broker.dir.resolve("ca.pem").toString(),
                "fleet.mqtt.username", TlsMosquitto.USER,
                "fleet.mqtt.password", TlsMosquitto.PASSWORD);
    }

    @Override
    public void stop() {
        if (broker != null) {
            try {
                broker.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
