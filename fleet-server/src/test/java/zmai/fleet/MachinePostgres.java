package zmai.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The machine's Debian PostgreSQL cluster, which a fault test stops and starts as an outage would. */
public final class MachinePostgres {

    private static final Path CLUSTERS = Path.of("/etc/postgresql");

    private MachinePostgres() {
    }

    /** Whether there is a Debian cluster here that a test may stop. */
    public static boolean available() {
        return Files.isDirectory(CLUSTERS);
    }

    public static void restart() throws IOException, InterruptedException {
        control("restart");
    }

    /** Stops the cluster at once ({@code -m fast}): open connections are cut, as when the server goes down. */
    public static void stop() throws IOException, InterruptedException {
        control("stop");
    }

    public static void start() throws IOException, InterruptedException {
        control("start");
    }

    private static void control(String action) throws IOException, InterruptedException {
        String version;
        try (Stream<Path> versions = Files.list(CLUSTERS)) {
            version = versions.map(p -> p.getFileName().toString()).sorted().reduce((a, b) -> b).orElseThrow();
        }
        Process p = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action)
                .inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("pg_ctlcluster " + action + " failed with " + p.exitValue());
        }
    }
}
