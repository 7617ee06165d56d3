package zmai.fleet.embedded;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Repeats in the application log what the launcher started, where its data lives. Injecting
 * {@link EmbeddedConfig} also makes Quarkus register that mapping, which it does only for mappings in use.
 */
@ApplicationScoped
class EmbeddedStartupLog {

    private static final Logger LOG = Logger.getLogger(EmbeddedStartupLog.class);

    private final EmbeddedConfig config;

    EmbeddedStartupLog(EmbeddedConfig config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        String started = EmbeddedLauncher.started();
        if (!started.isEmpty()) {
            LOG.infof("%s; data in %s", started, java.nio.file.Path.of(config.dataDir()).toAbsolutePath());
        }
    }
}
