package zmai.fleet.embedded;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Decides, from the environment and system properties alone, which services the fleet server brings along:
 * PostgreSQL when no JDBC URL is given, an MQTT broker when no broker URL is given. Starts nothing, so the
 * decision can be tested on its own.
 */
public final class EmbeddedDefaults {

    static final Setting JDBC_URL = new Setting("quarkus.datasource.jdbc.url");
    static final Setting MQTT_URL = new Setting("fleet.mqtt.url");
    static final Setting DATA_DIR = new Setting("fleet.data-dir");
    static final Setting DB_PORT = new Setting("fleet.embedded-db.port");
    static final Setting BROKER_HOST = new Setting("fleet.embedded-broker.host");
    static final Setting BROKER_PORT = new Setting("fleet.embedded-broker.port");
    static final Setting BROKER_USERNAME = new Setting("fleet.embedded-broker.username");
    static final Setting BROKER_PASSWORD = new Setting("fleet.embedded-broker.password");

    static final String DEFAULT_DATA_DIR = "fleet-data";
    static final String DEFAULT_BROKER_HOST = "127.0.0.1";
    static final int DEFAULT_BROKER_PORT = 1883;

    /** PostgreSQL keeping its files in {@code dataDirectory}; port 0 lets it pick a free one. */
    public record Database(Path dataDirectory, int port) {
    }

    /** An MQTT broker on {@code host:port}; credentials, when present, are required of every client. */
    public record Broker(String host, int port, boolean loopbackOnly, Optional<BrokerCredentials> credentials) {

        /** Where the fleet's own client connects: a wildcard bind address is reached over loopback. */
        public String clientUrl() {
            String target = host;
            if ("0.0.0.0".equals(host) || "::".equals(host) || "[::]".equals(host)) {
                target = "127.0.0.1";
            } else if (host.contains(":") && !host.startsWith("[")) {
                target = "[" + host + "]";
            }
            return "tcp://" + target + ":" + port;
        }
    }

    /** What to start; empty means the user configured the real thing. */
    public record Plan(Path dataDirectory, Optional<Database> database, Optional<Broker> broker) {

        public boolean startsAnything() {
            return database.isPresent() || broker.isPresent();
        }
    }

    private EmbeddedDefaults() {
    }

    public static Plan decide(Map<String, String> env, Properties properties) {
        Path dataDir = Path.of(DATA_DIR.in(env, properties).orElse(DEFAULT_DATA_DIR)).toAbsolutePath().normalize();
        Optional<Database> database = JDBC_URL.in(env, properties).isPresent() ? Optional.empty()
                : Optional.of(new Database(dataDir.resolve("postgres"), port(DB_PORT, env, properties, 0, true)));
        Optional<Broker> broker = MQTT_URL.in(env, properties).isPresent() ? Optional.empty()
                : Optional.of(broker(env, properties));
        return new Plan(dataDir, database, broker);
    }

    private static Broker broker(Map<String, String> env, Properties properties) {
        String host = BROKER_HOST.in(env, properties).orElse(DEFAULT_BROKER_HOST);
        int port = port(BROKER_PORT, env, properties, DEFAULT_BROKER_PORT, false);
        Optional<String> user = BROKER_USERNAME.in(env, properties);
        Optional<String> password = BROKER_PASSWORD.in(env, properties);
        if (user.isPresent() != password.isPresent()) {
            throw new EmbeddedSettingException("the embedded MQTT broker needs both " + BROKER_USERNAME.describe()
                    + " and " + BROKER_PASSWORD.describe() + ", or neither");
        }
        Optional<BrokerCredentials> credentials = user.map(u -> new BrokerCredentials(u, password.get()));
        boolean loopback = isLoopback(host);
        // anyone who can reach the port could otherwise read every meter and send it commands
        if (!loopback && credentials.isEmpty()) {
            throw new EmbeddedSettingException("the embedded MQTT broker would listen on " + host
                    + ", beyond loopback, without authentication: set " + BROKER_USERNAME.describe() + " and "
                    + BROKER_PASSWORD.describe() + ", or bind it to 127.0.0.1 with " + BROKER_HOST.describe());
        }
        return new Broker(host, port, loopback, credentials);
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new EmbeddedSettingException("unknown host in " + BROKER_HOST.describe() + ": " + host, e);
        }
    }

    private static int port(Setting setting, Map<String, String> env, Properties properties, int fallback,
                            boolean zeroAllowed) {
        Optional<String> text = setting.in(env, properties);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(text.get());
            if (port >= (zeroAllowed ? 0 : 1) && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new EmbeddedSettingException(setting.describe() + " must be a TCP port" + (zeroAllowed ? " (0 = any free)" : "")
                + ", not '" + text.get() + "'");
    }
}
