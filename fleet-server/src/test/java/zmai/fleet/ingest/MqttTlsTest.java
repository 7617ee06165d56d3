package zmai.fleet.ingest;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server's MQTT connection over TLS, against a Mosquitto that speaks only TLS and wants a password. */
class MqttTlsTest {

    private static TlsMosquitto broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = TlsMosquitto.start();
    }

    @AfterAll
    static void stopBroker() throws IOException {
        broker.close();
    }

    @Test
    void connectsWhenThePemCaIsTrustedAndThePasswordRight() throws MqttException {
        MqttTls tls = new MqttTls(Optional.of(file("ca.pem")), Optional.empty(), Optional.empty(), Optional.empty());
        assertTrue(connects(tls, TlsMosquitto.PASSWORD));
    }

    @Test
    void connectsWithAPkcs12TrustStore() throws MqttException {
        MqttTls tls = new MqttTls(Optional.of(file("trust.p12")), Optional.of("trust-pass"), Optional.empty(),
                Optional.empty());
        assertTrue(connects(tls, TlsMosquitto.PASSWORD));
    }

    @Test
    void refusesABrokerWhoseCertificateIsNotTrusted() {
        MqttTls tls = new MqttTls(Optional.of(file("other-ca.pem")), Optional.empty(), Optional.empty(),
                Optional.empty());
        MqttException refused = assertThrows(MqttException.class, () -> connects(tls, TlsMosquitto.PASSWORD));
        assertTrue(causedBy(refused, SSLHandshakeException.class), refused.toString());
    }

    /** Without a trust store the runtime's public CAs apply, and they do not know a private CA either. */
    @Test
    void theDefaultTrustDoesNotAcceptAPrivateCa() {
        MqttTls tls = new MqttTls(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        assertTrue(tls.socketFactory().isEmpty());
        MqttException refused = assertThrows(MqttException.class, () -> connects(tls, TlsMosquitto.PASSWORD));
        assertTrue(causedBy(refused, SSLHandshakeException.class), refused.toString());
    }

    @Test
    void aWrongPasswordIsRefusedOverTls() {
        MqttTls tls = new MqttTls(Optional.of(file("ca.pem")), Optional.empty(), Optional.empty(), Optional.empty());
        MqttException refused = assertThrows(MqttException.class, () -> connects(tls, "not-the-password"));
        assertFalse(causedBy(refused, SSLHandshakeException.class), refused.toString());
    }

    @Test
    void passwordsNeverShowInTheDescription() {
        MqttTls tls = new MqttTls(Optional.of(file("trust.p12")), Optional.of("trust-pass"),
                Optional.of(file("client.p12")), Optional.of("key-pass"));
        assertFalse(tls.toString().contains("pass"), tls.toString());
    }

    @Test
    void onlySslAndWssUrlsAreTls() {
        assertTrue(MqttTls.isTls("ssl://broker:8883"));
        assertTrue(MqttTls.isTls("WSS://broker:443"));
        assertFalse(MqttTls.isTls("tcp://broker:1883"));
        assertFalse(MqttTls.isTls("ws://broker:80"));
    }

    private static boolean connects(MqttTls tls, String password) throws MqttException {
        MqttClient client = new MqttClient(broker.url(), "tls-test-" + System.nanoTime(), new MemoryPersistence());
        try {
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setConnectionTimeout(5);
            options.setUserName(TlsMosquitto.USER);
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
            tls.socketFactory().ifPresent(options::setSocketFactory);
            client.connect(options);
            boolean connected = client.isConnected();
            client.disconnect();
            return connected;
        } finally {
            client.close(true);
        }
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static Path file(String name) {
        return broker.dir.resolve(name);
    }
}
