package zmai.fleet.embedded;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real HiveMQ on a free loopback port, spoken to with Paho over MQTT 3.1.1 and 5. */
class EmbeddedBrokerTest {

    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void openOnLoopbackCarriesMessagesForV311AndV5Clients() throws Exception {
        EmbeddedDefaults.Broker settings = new EmbeddedDefaults.Broker("127.0.0.1", freePort(), true, Optional.empty());
        try (EmbeddedBroker broker = EmbeddedBroker.start(settings, dir)) {
            BlockingQueue<String> received = new ArrayBlockingQueue<>(1);
            MqttClient v3 = new MqttClient(settings.clientUrl(), "sub", new MemoryPersistence());
            MqttConnectOptions v3options = new MqttConnectOptions();
            v3options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            v3.connect(v3options);
            v3.subscribe("obkTest/power/get", 1, (topic, m) -> received.add(new String(m.getPayload(),
                    StandardCharsets.UTF_8)));

            org.eclipse.paho.mqttv5.client.MqttClient v5 = new org.eclipse.paho.mqttv5.client.MqttClient(
                    settings.clientUrl(), "pub", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
            v5.connect(new MqttConnectionOptions());
            v5.publish("obkTest/power/get", "60.00".getBytes(StandardCharsets.UTF_8), 1, false);

            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("60.00");
            v5.disconnect();
            v5.close();
            v3.disconnect();
            v3.close();
        }
    }

    @Test
    void withCredentialsOnlyTheConfiguredUserGetsIn() throws Exception {
        EmbeddedDefaults.Broker settings = new EmbeddedDefaults.Broker("127.0.0.1", freePort(), true,
                Optional.of(new BrokerCredentials("fleet", "s3cret")));
        try (EmbeddedBroker broker = EmbeddedBroker.start(settings, dir)) {
            assertThatThrownBy(() -> connect(settings, null, null)).isInstanceOf(MqttException.class);
            assertThatThrownBy(() -> connect(settings, "fleet", "wrong")).isInstanceOf(MqttException.class);
            MqttClient admitted = connect(settings, "fleet", "s3cret");
            assertThat(admitted.isConnected()).isTrue();
            admitted.disconnect();
            admitted.close();
        }
    }

    @Test
    void aTakenPortFailsFastNamingTheSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            EmbeddedDefaults.Broker settings = new EmbeddedDefaults.Broker("127.0.0.1", taken.getLocalPort(), true,
                    Optional.empty());
            assertThatThrownBy(() -> EmbeddedBroker.start(settings, dir))
                    .isInstanceOf(EmbeddedSettingException.class)
                    .hasMessageContaining("FLEET_EMBEDDED_BROKER_PORT");
        }
    }

    private static MqttClient connect(EmbeddedDefaults.Broker settings, String user, String password)
            throws MqttException {
        MqttClient client = new MqttClient(settings.clientUrl(), "c-" + user + "-" + password, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setConnectionTimeout(5);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.toCharArray());
        }
        try {
            client.connect(options);
        } catch (MqttException e) {
            client.close();
            throw e;
        }
        return client;
    }
}
