package zmai.fleet.embedded;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A launch-time setting, read before Quarkus (and its configuration) exists: from the system property
 * {@code name} ({@code -Dfleet.data-dir=...}) or else from its environment variable ({@code FLEET_DATA_DIR}).
 */
record Setting(String name) {

    /** The environment variable MicroProfile Config would map {@code name} to. */
    String envName() {
        return name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** "fleet.data-dir (FLEET_DATA_DIR)", for messages that tell the user what to change. */
    String describe() {
        return name + " (" + envName() + ")";
    }

    /** The value, system property first as in Quarkus; blank counts as absent. */
    Optional<String> in(Map<String, String> env, Properties properties) {
        String value = properties.getProperty(name);
        if (value == null) {
            value = env.get(envName());
        }
        return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
    }
}
