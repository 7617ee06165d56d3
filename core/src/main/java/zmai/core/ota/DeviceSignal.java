package zmai.core.ota;

import java.time.Instant;
import java.util.Objects;

/** Something the device said over MQTT during its update, as the fleet recorded it. */
public record DeviceSignal(Kind kind, Instant at, String detail) {

    public enum Kind {
        /** {@code <t>/connected} went online. */
        ONLINE,
        OFFLINE,
        /** Its uptime went down: it booted again. */
        REBOOT,
        /**
         * The newest message from it. OpenBeken leaves MQTT as soon as an update starts, so a message after the
         * download ended comes from the device booted again, even when its {@code connected} change was missed.
         */
        HEARD
    }

    public DeviceSignal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(detail, "detail");
    }
}
