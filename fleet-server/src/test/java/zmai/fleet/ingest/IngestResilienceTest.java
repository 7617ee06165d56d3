package zmai.fleet.ingest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import zmai.fleet.MachinePostgres;
import zmai.fleet.PrivateMosquitto;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The ingest path across a database restart and a broker crash: every energy reading the broker handed over is
 * stored exactly once, in order.
 */
@QuarkusTest
@TestProfile(IngestResilienceTest.OwnBroker.class)
class IngestResilienceTest {

    public static final class OwnBroker implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PrivateMosquitto.class));
        }
    }

    static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    AgroalDataSource db;

    @Inject
    MqttIngest ingest;

    @Test
    void readingsPublishedWhileTheDatabaseRestartsAreAllStoredOnce() throws Exception {
        assumeThat(MachinePostgres.available()).as("a Debian PostgreSQL cluster this test may restart").isTrue();
        String topic = "resilience-db-" + System.nanoTime();
        String mac = "c8:47:00:00:" + String.format("%02x:%02x", (int) (System.nanoTime() & 0xff), 1);
        try (Publisher meter = publisher()) {
            send(meter, topic + "/mac", mac);
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                if (i == 100) {
                    MachinePostgres.restart();
                }
                String value = Integer.toString(10_000 + i);
                send(meter, topic + "/energycounter", value);
                sent.add(value);
                Thread.sleep(5);
            }
            String id = mac.replace(":", "");
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> storedReadings(id).size() >= sent.size());
            assertThat(storedReadings(id)).containsExactlyElementsOf(sent);
        }
    }

    @Test
    void theServerComesBackAfterTheBrokerIsKilledAndRestarted() throws Exception {
        String topic = "resilience-broker-" + System.nanoTime();
        String mac = "c8:47:00:00:" + String.format("%02x:%02x", (int) (System.nanoTime() & 0xff), 2);
        String id = mac.replace(":", "");
        try (Publisher meter = publisher()) {
            send(meter, topic + "/mac", mac);
            send(meter, topic + "/energycounter", "500");
            await().atMost(WAIT).ignoreExceptions().until(() -> storedReadings(id).size() == 1);
        }
        PrivateMosquitto.killBroker();
        await().atMost(WAIT).until(() -> !ingest.isConnected());
        PrivateMosquitto.startBroker();
        await().atMost(WAIT).until(ingest::isConnected);
        try (Publisher meter = publisher()) {
            send(meter, topic + "/mac", mac);
            send(meter, topic + "/energycounter", "501");
            await().atMost(WAIT).ignoreExceptions().until(() -> storedReadings(id).size() == 2);
        }
        assertThat(storedReadings(id)).containsExactly("500", "501");
    }

    /** A device's side of the broker, publishing at QoS 1. */
    private static final class Publisher implements AutoCloseable {
        private final MqttClient client;

        Publisher() throws Exception {
            client = new MqttClient(PrivateMosquitto.url(), "meter-" + System.nanoTime(), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMaxInflight(1000);
            client.connect(options);
        }

        @Override
        public void close() throws Exception {
            client.disconnect();
            client.close();
        }
    }

    private static Publisher publisher() throws Exception {
        return new Publisher();
    }

    private static void send(Publisher publisher, String topic, String payload) throws Exception {
        publisher.client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    private List<String> storedReadings(String deviceId) throws Exception {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT value_mwh / 1000 FROM energy_reading r JOIN device d"
                     + " ON d.pk = r.device_pk WHERE d.id = ? AND r.register = 'energy_total' ORDER BY r.at")) {
            s.setString(1, deviceId);
            List<String> values = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        }
    }
}
