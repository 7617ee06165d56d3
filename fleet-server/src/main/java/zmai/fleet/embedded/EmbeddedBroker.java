package zmai.fleet.embedded;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** HiveMQ CE inside the fleet server's JVM: MQTT 3.1.1 and 5 on one TCP listener, sessions kept in memory. */
public final class EmbeddedBroker implements AutoCloseable {

    // HiveMQ's system-information library logs an ERROR when JNA does not match it; it only feeds diagnostics
    private static final java.util.logging.Logger OSHI = java.util.logging.Logger.getLogger("oshi");

    static {
        OSHI.setLevel(java.util.logging.Level.OFF);
    }

    private final EmbeddedHiveMQ hivemq;
    private final EmbeddedDefaults.Broker settings;

    private EmbeddedBroker(EmbeddedHiveMQ hivemq, EmbeddedDefaults.Broker settings) {
        this.hivemq = hivemq;
        this.settings = settings;
    }

    /** Starts the broker with its configuration, data and extension folders under {@code workDir}. */
    public static EmbeddedBroker start(EmbeddedDefaults.Broker settings, Path workDir) {
        ensurePortFree(settings);
        try {
            Path conf = Files.createDirectories(workDir.resolve("conf"));
            Path data = Files.createDirectories(workDir.resolve("data"));
            Path extensions = Files.createDirectories(workDir.resolve("extensions"));
            Files.writeString(conf.resolve("config.xml"), configXml(settings));
            EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(conf)
                    .withDataFolder(data)
                    .withExtensionsFolder(extensions)
                    .withEmbeddedExtension(EmbeddedExtension.builder()
                            .withId("zmai-fleet-auth").withName("zmai-fleet authentication").withVersion("1")
                            .withAuthor("zmai-fleet").withPriority(1000).withStartPriority(1000)
                            .withExtensionMain(new BrokerAuthentication(settings.credentials()))
                            .build())
                    // Quarkus owns logging; HiveMQ would otherwise reconfigure Logback over it
                    .withoutLoggingBootstrap()
                    .build();
            try {
                hivemq.start().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                closeQuietly(hivemq);
                throw e;
            }
            return new EmbeddedBroker(hivemq, settings);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedSettingException("interrupted while starting the embedded MQTT broker", e);
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new EmbeddedSettingException("the embedded MQTT broker did not start on " + settings.host() + ":"
                    + settings.port() + ": " + e.getMessage(), e);
        }
    }

    public EmbeddedDefaults.Broker settings() {
        return settings;
    }

    static String configXml(EmbeddedDefaults.Broker settings) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>%s</bind-address>
                        </tcp-listener>
                    </listeners>
                    <persistence>
                        <mode>in-memory</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(settings.port(), xmlEscape(settings.host().replace("[", "").replace("]", "")));
    }

    private static String xmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    // HiveMQ only logs a listener it could not bind and runs on without it; fail before, naming the setting
    static void ensurePortFree(EmbeddedDefaults.Broker settings) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(settings.host().replace("[", "").replace("]", ""), settings.port()));
        } catch (IOException e) {
            throw new EmbeddedSettingException("port " + settings.port() + " on " + settings.host()
                    + " is taken, so the embedded MQTT broker cannot listen there: choose another with "
                    + EmbeddedDefaults.BROKER_PORT.describe() + ", or use your broker by setting "
                    + EmbeddedDefaults.MQTT_URL.describe(), e);
        }
    }

    private static void closeQuietly(EmbeddedHiveMQ hivemq) {
        try {
            hivemq.close();
        } catch (ExecutionException | InterruptedException | RuntimeException e) {
            // already failing; the start error is the one worth reporting
        }
    }

    @Override
    public void close() {
        try {
            hivemq.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            System.err.println("embedded MQTT broker did not stop cleanly: " + e.getMessage());
        }
    }
}
