package zmai.fleet;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A Mosquitto of the test's own on a free loopback port, so a test can stop and restart the broker without
 * disturbing anyone else using the machine's Mosquitto.
 */
public final class PrivateMosquitto implements QuarkusTestResourceLifecycleManager {

    private static int port;
    private static Path config;
    private static Process process;

    public static String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public Map<String, String> start() {
        try {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            config = Files.createTempFile("mosquitto", ".conf");
            Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\n"
                    + "max_inflight_messages 0\nmax_queued_messages 100000\n");
            startBroker();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a private Mosquitto: " + e.getMessage(), e);
        }
        return Map.of("fleet.mqtt.url", url());
    }

    public static synchronized void startBroker() throws IOException {
        process = new ProcessBuilder("mosquitto", "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                if (probe.isConnected()) {
                    return;
                }
            } catch (IOException notYet) {
                sleep();
            }
        }
        throw new IOException("Mosquitto did not start listening on port " + port);
    }

    /** Kills the broker as a crash would: no clean goodbye to anyone. */
    public static synchronized void killBroker() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
