package zmai.fleet.process;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged server ({@code quarkus-run.jar}) as a process of its own on a database of its own, so that a test
 * can kill it with SIGKILL, as a crash or a pulled plug would, and start it again on the same data. Its output
 * goes to a log file per test under {@code target/server-process-logs}.
 */
final class ServerProcess implements AutoCloseable {

    static final String ADMIN_TOKEN = "process-admin-token-0123456789abcdef";
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";

    private final String jdbcUrl;
    private final int port;
    private final Path log;
    private final Map<String, String> environment;
    private Process process;

    private ServerProcess(String jdbcUrl, int port, Path log, Map<String, String> environment) {
        this.jdbcUrl = jdbcUrl;
        this.port = port;
        this.log = log;
        this.environment = Map.copyOf(environment);
    }

    /** A server for a new, empty database of the given name (dropped first if a previous run left it). */
    static ServerProcess onFreshDatabase(String database) throws SQLException, IOException {
        return onFreshDatabase(database, Map.of());
    }

    /** The same, with environment settings ({@code FLEET_MQTT_URL}...) that replace the defaults. */
    static ServerProcess onFreshDatabase(String database, Map<String, String> settings)
            throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + database);
        }
        Map<String, String> environment = new HashMap<>(settings);
        environment.putIfAbsent("QUARKUS_DATASOURCE_JDBC_URL", POSTGRES + database);
        return new ServerProcess(POSTGRES + database, freePort(), newLog(database), environment);
    }

    /**
     * A server on its own embedded PostgreSQL, with its files under {@code dataDirectory}, and the given
     * environment settings ({@code FLEET_MQTT_URL}...).
     */
    static ServerProcess embedded(String name, Path dataDirectory, Map<String, String> settings) throws IOException {
        int databasePort = freePort();
        Map<String, String> environment = new HashMap<>(settings);
        environment.put("FLEET_DATA_DIR", dataDirectory.toString());
        environment.put("FLEET_EMBEDDED_DB_PORT", Integer.toString(databasePort));
        return new ServerProcess("jdbc:postgresql://127.0.0.1:" + databasePort + "/fleet", freePort(), newLog(name),
                environment);
    }

    private static Path newLog(String name) throws IOException {
        Path logs = Path.of(System.getProperty("fleet.server.logs", "target/server-process-logs"));
        Files.createDirectories(logs);
        Path log = logs.resolve(name + ".log");
        Files.deleteIfExists(log);
        return log;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Starts the server and waits until it answers ready. */
    void start() throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("fleet.server.jar", "target/quarkus-app/quarkus-run.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the packaged server is missing at " + jar + "; run mvn package first");
        }
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-jar", jar.toString()));
        builder.environment().putAll(Map.of(
                "FLEET_MQTT_URL", "tcp://127.0.0.1:1883",
                "FLEET_MQTT_CLIENT_ID", "process-" + port,
                "FLEET_MQTT_SESSION_EXPIRY", "0s",
                "FLEET_ADMIN_TOKEN", ADMIN_TOKEN,
                "FLEET_HTTP_PORT", Integer.toString(port),
                "QUARKUS_HTTP_HOST", "127.0.0.1",
                // the virtual meters' clock runs ten times faster: their builds come within seconds
                "FLEET_OTA_VERIFY_WINDOW", "20s"));
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = builder.start();
        awaitReady(Duration.ofSeconds(90));
    }

    private void awaitReady(Duration patience) throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpURLConnection ready = (HttpURLConnection) uri("/q/health/ready").toURL().openConnection();
                ready.setConnectTimeout(1000);
                ready.setReadTimeout(2000);
                if (ready.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the server was not ready within " + patience + "; see " + log);
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the server did not die");
        }
    }

    /** The server's output so far, every start appended. */
    Path log() {
        return log;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    Connection database() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", "");
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
