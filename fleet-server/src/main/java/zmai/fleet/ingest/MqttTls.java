package zmai.fleet.ingest;

import zmai.fleet.config.FleetConfig;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The TLS side of the MQTT connection: which certificates the broker may present, and optionally ours. Passwords
 * are kept as given and never printed: {@link #toString()} names only the files.
 */
public record MqttTls(Optional<Path> trustStore, Optional<String> trustStorePassword,
                      Optional<Path> keyStore, Optional<String> keyStorePassword) {

    public static MqttTls of(FleetConfig.Mqtt mqtt) {
        return new MqttTls(mqtt.trustStore(), mqtt.trustStorePassword(), mqtt.keyStore(), mqtt.keyStorePassword());
    }

    /** True for URLs Paho opens over TLS. */
    public static boolean isTls(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("ssl://") || lower.startsWith("wss://");
    }

    /**
     * The socket factory to hand to Paho; empty when neither store is set, so the runtime's defaults apply. Host
     * names are checked by Paho itself (on by default).
     */
    public Optional<SSLSocketFactory> socketFactory() {
        if (trustStore.isEmpty() && keyStore.isEmpty()) {
            return Optional.empty();
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyStore.isPresent() ? keyManagers() : null,
                    trustStore.isPresent() ? trustManagers() : null, null);
            return Optional.of(context.getSocketFactory());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for MQTT: " + e.getMessage(), e);
        }
    }

    private javax.net.ssl.TrustManager[] trustManagers() throws GeneralSecurityException {
        Path file = trustStore.orElseThrow();
        KeyStore store = isPkcs12(file) ? pkcs12(file, trustStorePassword) : pemCertificates(file);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    private javax.net.ssl.KeyManager[] keyManagers() throws GeneralSecurityException {
        KeyStore store = pkcs12(keyStore.orElseThrow(), keyStorePassword);
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, keyStorePassword.orElse("").toCharArray());
        return factory.getKeyManagers();
    }

    private static boolean isPkcs12(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".p12") || name.endsWith(".pfx");
    }

    private static KeyStore pkcs12(Path file, Optional<String> password) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.map(String::toCharArray).orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the MQTT key or trust store " + file + ": " + e.getMessage(), e);
        }
        return store;
    }

    private static KeyStore pemCertificates(Path file) throws GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the MQTT trust store " + file + ": " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalStateException("the MQTT trust store " + file + " holds no PEM certificate");
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int i = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + i++, certificate);
        }
        return store;
    }

    @Override
    public String toString() {
        return "MqttTls[trustStore=" + trustStore.map(Path::toString).orElse("default")
                + ", keyStore=" + keyStore.map(Path::toString).orElse("none") + "]";
    }
}
