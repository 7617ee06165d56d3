package zmai.fleet;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** A {@link MosquittoProcess} as the broker of a Quarkus test, which the test may kill and start again. */
public final class PrivateMosquitto implements QuarkusTestResourceLifecycleManager {

    private static MosquittoProcess broker;

    public static String url() {
        return broker.url();
    }

    @Override
    public Map<String, String> start() {
        try {
            broker = MosquittoProcess.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a private Mosquitto: " + e.getMessage(), e);
        }
        return Map.of("fleet.mqtt.url", url());
    }

    public static void startBroker() throws IOException {
        broker.restart();
    }

    /** Kills the broker as a crash would: no clean goodbye to anyone. */
    public static void killBroker() throws InterruptedException {
        broker.kill();
    }

    @Override
    public void stop() {
        try {
            broker.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
