package zmai.fleet.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Every {@code fleet.*} setting; each can also be given as an environment variable ({@code FLEET_MQTT_URL}...). */
@ConfigMapping(prefix = "fleet")
public interface FleetConfig {

    Mqtt mqtt();

    Ingest ingest();

    Energy energy();

    Ota ota();

    Live live();

    /** The first admin token; when absent and no token exists yet, one is generated and printed once. */
    Optional<String> adminToken();

    interface Mqtt {
        /**
         * {@code tcp://host:port} of the broker, or {@code ssl://host:port} for TLS; the embedded broker sets it
         * when none is given.
         */
        String url();

        @WithDefault("zmai-fleet")
        String clientId();

        Optional<String> username();

        Optional<String> password();

        /**
         * For {@code ssl://}: the certificates to trust, as a PEM file of one or more CA certificates or a PKCS12
         * trust store (by its {@code .p12}/{@code .pfx} name). Without it, the Java runtime's default CAs.
         */
        Optional<Path> trustStore();

        /** The password of a PKCS12 trust store, if it has one. */
        Optional<String> trustStorePassword();

        /** For brokers that want a client certificate: a PKCS12 file with our certificate and key. */
        Optional<Path> keyStore();

        Optional<String> keyStorePassword();

        /** Also subscribe to {@code +/+} for meters that publish channels without {@code /get} (flag 50). */
        @WithDefault("false")
        boolean bareChannels();

        /**
         * How long the broker keeps our session, with the messages we have not acknowledged, while we are away; a
         * restart within it misses nothing.
         */
        @WithDefault("7d")
        Duration sessionExpiry();

        /** Unacknowledged messages the broker may have in flight to us. */
        @WithDefault("10000")
        int receiveMaximum();
    }

    interface Ingest {
        /** A batch is written when it holds this many messages... */
        @WithDefault("5000")
        int batchSize();

        /** ...or when its oldest message has waited this long. */
        @WithDefault("200ms")
        Duration flushInterval();

        /** A device silent for this long is shown offline even without its will (OpenBeken keep-alive is 100 s). */
        @WithDefault("5m")
        Duration silenceTimeout();
    }

    interface Energy {
        /** A month stays provisional this long after its end; late readings up to then simply count. */
        @WithDefault("P7D")
        Duration gracePeriod();
    }

    interface Ota {
        /**
         * Where devices fetch images, e.g. {@code http://192.168.1.10:8080}: an address of this server that the
         * meters can reach over plain HTTP. By default this server's own host and port.
         */
        Optional<URI> imageBaseUrl();

        /** How often the rollouts look at their devices; a freed slot waits up to this long for the next one. */
        @WithDefault("250ms")
        Duration tick();

        /** A commanded device that has not asked for the image by then never will (spec §2.4). */
        @WithDefault("45s")
        Duration fetchTimeout();

        /**
         * How long a device back on MQTT after its download may take to report the new build before it counts as
         * having kept the old one. OpenBeken publishes its build within seconds of connecting, and again in the
         * full broadcast every 60 s, so this outlasts one broadcast.
         */
        @WithDefault("2m")
        Duration verifyWindow();

        /**
         * A meter's own web server, for rollouts that push the image to meters that never fetch it:
         * {@code {ip}}, {@code {topic}} and {@code {id}} are filled in per meter.
         */
        @WithDefault("http://{ip}")
        String deviceUrl();

        /** From the command until the device must be back on the new version. */
        @WithDefault("10m")
        Duration deviceTimeout();
    }

    interface Live {
        /** A comment on every live stream this often, so that proxies do not close a quiet one. */
        @WithDefault("15s")
        Duration keepAlive();
    }
}
