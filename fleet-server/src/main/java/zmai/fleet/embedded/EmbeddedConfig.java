package zmai.fleet.embedded;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * The launch settings of the embedded services. {@link EmbeddedDefaults} reads them before Quarkus starts (from
 * system properties and the environment); this mapping declares them to Quarkus, whose validation would
 * otherwise reject {@code -Dfleet.data-dir=...} as an unknown {@code fleet.*} property.
 */
@ConfigMapping(prefix = "fleet")
public interface EmbeddedConfig {

    /** Where the embedded PostgreSQL ({@code postgres/}) and broker ({@code broker/}) keep their files. */
    @WithDefault(EmbeddedDefaults.DEFAULT_DATA_DIR)
    String dataDir();

    EmbeddedDb embeddedDb();

    EmbeddedBroker embeddedBroker();

    interface EmbeddedDb {
        /** 0 picks a free port at every start. */
        @WithDefault("0")
        int port();
    }

    interface EmbeddedBroker {
        @WithDefault(EmbeddedDefaults.DEFAULT_BROKER_HOST)
        String host();

        @WithDefault("1883")
        int port();

        Optional<String> username();

        Optional<String> password();
    }
}
