package zmai.fleet.embedded;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The services a {@link EmbeddedDefaults.Plan} asks for. Closing stops whatever has started so far, broker
 * first, and may happen from a shutdown hook while {@link #start} is still running.
 */
public final class EmbeddedServices implements AutoCloseable {

    private EmbeddedDatabase database;
    private EmbeddedBroker broker;
    private boolean closed;

    public void start(EmbeddedDefaults.Plan plan) {
        // a taken broker port is the likeliest failure: report it before spending seconds on PostgreSQL
        plan.broker().ifPresent(EmbeddedBroker::ensurePortFree);
        try {
            plan.database().ifPresent(settings -> {
                System.out.println("zmai-fleet: starting embedded PostgreSQL in " + settings.dataDirectory());
                keep(EmbeddedDatabase.start(settings));
            });
            plan.broker().ifPresent(settings -> {
                System.out.println("zmai-fleet: starting embedded MQTT broker on " + settings.host() + ":"
                        + settings.port());
                keep(EmbeddedBroker.start(settings, plan.dataDirectory().resolve("broker")));
            });
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private synchronized void keep(EmbeddedDatabase started) {
        database = started;
        if (closed) {
            close();
        }
    }

    private synchronized void keep(EmbeddedBroker started) {
        broker = started;
        if (closed) {
            close();
        }
    }

    /** The configuration that points Quarkus and the fleet's MQTT client at what was started. */
    public synchronized Map<String, String> configuration() {
        Map<String, String> config = new LinkedHashMap<>();
        if (database != null) {
            config.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
            config.put("quarkus.datasource.username", EmbeddedDatabase.USER);
        }
        if (broker != null) {
            config.put("fleet.mqtt.url", broker.settings().clientUrl());
            broker.settings().credentials().ifPresent(c -> {
                config.put("fleet.mqtt.username", c.username());
                config.put("fleet.mqtt.password", c.password());
            });
        }
        return config;
    }

    /** What runs, for the start-up log; empty when nothing does. */
    public synchronized String describe() {
        StringBuilder s = new StringBuilder();
        Optional.ofNullable(database).ifPresent(db -> s.append("embedded PostgreSQL on 127.0.0.1:")
                .append(db.port()).append(", database ").append(EmbeddedDatabase.DATABASE));
        Optional.ofNullable(broker).ifPresent(b -> s.append(s.isEmpty() ? "" : "; ")
                .append("embedded MQTT broker on ").append(b.settings().clientUrl())
                .append(b.settings().credentials().isPresent() ? " (user name and password required)" : ""));
        return s.toString();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (broker != null) {
            broker.close();
            broker = null;
        }
        if (database != null) {
            database.close();
            database = null;
        }
    }
}
