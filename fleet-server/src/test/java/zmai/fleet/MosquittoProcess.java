package zmai.fleet;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A Mosquitto of its own on a free loopback port, which a test may kill and start again without disturbing anyone
 * else using the machine's broker. Queues are generous, so that the broker never drops a message for a
 * subscriber that falls behind: a test that counts messages counts what the server did, not what the broker did.
 */
public final class MosquittoProcess implements AutoCloseable {

    private final int port;
    private final Path config;
    private Process process;

    private MosquittoProcess(int port, Path config) {
        this.port = port;
        this.config = config;
    }

    /** A broker started on a free port that lets anyone in. */
    public static MosquittoProcess start() throws IOException {
        return start("allow_anonymous true");
    }

    /** A broker started on a free port with these settings for its listener: certificates, who may connect. */
    public static MosquittoProcess start(String listenerSettings) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path config = Files.createTempFile("mosquitto", ".conf");
        Files.writeString(config, "listener " + port + " 127.0.0.1\n" + listenerSettings + "\n"
                + "max_inflight_messages 0\nmax_queued_messages 100000\n");
        MosquittoProcess broker = new MosquittoProcess(port, config);
        try {
            broker.restart();
        } catch (IOException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Starts the broker again after {@link #kill()}, on the same port, and waits until it listens. */
    public synchronized void restart() throws IOException {
        process = new ProcessBuilder("mosquitto", "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                pause();
            }
        }
        throw new IOException("Mosquitto did not start listening on port " + port
                + (process.isAlive() ? "" : "; it exited with " + process.exitValue() + ", its configuration is "
                + Files.readString(config)));
    }

    /** Kills the broker as a crash would: no clean goodbye to anyone, and no session survives. */
    public synchronized void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public synchronized void close() throws IOException {
        if (process != null) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(config);
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
