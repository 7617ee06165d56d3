package zmai.core.meter;

import java.util.Objects;

/**
 * A metering device, keyed by its MAC. Two meters are the same meter exactly when their MACs are equal,
 * whatever their topics say.
 */
public record Meter(MacAddress mac, DeviceTopic topic, ChipFamily chip, HardwareVariant variant) {

    public Meter {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(chip, "chip");
        Objects.requireNonNull(variant, "variant");
    }

    /** The same meter after its user renamed the topic. */
    public Meter withTopic(DeviceTopic renamed) {
        return new Meter(mac, renamed, chip, variant);
    }

    public boolean sameMeterAs(Meter other) {
        return mac.equals(other.mac);
    }
}
