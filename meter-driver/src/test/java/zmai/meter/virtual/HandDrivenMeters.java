package zmai.meter.virtual;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/** Virtual meters on the real Mosquitto whose firmware clock a test moves by hand, one second per tick. */
final class HandDrivenMeters {

    final SettableClock clock = new SettableClock(Instant.parse("2025-06-01T12:00:00Z"));
    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    final HttpClient http = MeterConnection.httpClient();
    private final List<MeterConnection> connections = new ArrayList<>();

    MeterConnection start(MeterConfig config, MeterConnection.Timing timing) throws Exception {
        MeterConnection c = new MeterConnection(new VirtualMeter(config, clock.instant()), BrokerProbe.BROKER,
                scheduler, clock, http, timing);
        connections.add(c);
        return c;
    }

    void tick(MeterConnection c, int seconds) {
        for (int i = 0; i < seconds; i++) {
            c.tick(clock.advance(Duration.ofSeconds(1)));
        }
    }

    /** Ticks until the meter is online again (the connect is asynchronous), giving the broker time between ticks. */
    void tickUntilConnected(MeterConnection c, BrokerProbe probe) throws InterruptedException {
        long deadline = System.nanoTime() + MeterConnectionTest.WAIT.toNanos();
        while (!c.isConnected()) {
            assertThat(System.nanoTime()).as("connected in time").isLessThan(deadline);
            tick(c, 1);
            if (probe != null) {
                probe.awaitQuietly(Duration.ofMillis(20));
            } else {
                Thread.sleep(20);
            }
        }
    }

    /** Closes every meter; their retained {@code connected} state is cleared through {@code probe}. */
    void close(BrokerProbe probe) throws Exception {
        for (MeterConnection c : connections) {
            c.close();
            if (probe != null) {
                probe.clearRetained(c.meter().topic() + "/connected");
            }
        }
        if (probe != null) {
            probe.close();
        }
        scheduler.shutdownNow();
    }
}
