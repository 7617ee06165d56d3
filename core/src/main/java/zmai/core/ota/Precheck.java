package zmai.core.ota;

import zmai.core.firmware.FirmwareVersion;
import zmai.core.meter.ChipFamily;
import zmai.core.topic.Dialect;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The last look at a device before it is told to update: an image for another chip family can brick it
 * (spec §2.1), a command to a topic two devices share reaches both, and an offline device cannot fetch.
 *
 * @param minRssi the weakest Wi-Fi signal (dBm) a device may download over, if any
 */
public record Precheck(ChipFamily chip, FirmwareVersion target, OptionalInt minRssi) {

    /** What the fleet knows of the device right now. */
    public record DeviceFacts(boolean online, Dialect dialect, Optional<ChipFamily> chip,
                              Optional<FirmwareVersion> version, OptionalInt rssi, boolean topicShared) {
    }

    /** COMMANDED when it may go ahead; otherwise SKIPPED or FAILED_PRECHECK, with the reason. */
    public record Outcome(OtaState next, String evidence) {
    }

    public Precheck {
        Objects.requireNonNull(chip, "chip");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(minRssi, "minRssi");
    }

    public Outcome check(DeviceFacts d) {
        if (d.version().filter(target::equals).isPresent()) {
            return new Outcome(OtaState.SKIPPED, "already runs " + target);
        }
        if (d.dialect() != Dialect.OPENBEKEN) {
            return refused("it speaks the " + d.dialect() + " dialect: an OpenBeken image is not for its firmware");
        }
        if (d.chip().isEmpty()) {
            return refused("its chip family is unknown: it has not reported a build");
        }
        if (d.chip().get() != chip) {
            return refused("it is a " + d.chip().get() + ", the image is for " + chip);
        }
        if (!d.online()) {
            return refused("it is offline");
        }
        if (d.topicShared()) {
            return refused("its topic is shared with another device: a command would reach both");
        }
        if (minRssi.isPresent() && (d.rssi().isEmpty() || d.rssi().getAsInt() < minRssi.getAsInt())) {
            return refused("its signal " + (d.rssi().isEmpty() ? "is unknown" : d.rssi().getAsInt() + " dBm is")
                    + " below the floor of " + minRssi.getAsInt() + " dBm");
        }
        return new Outcome(OtaState.COMMANDED, "online " + chip + " on "
                + d.version().map(FirmwareVersion::toString).orElse("an unknown version")
                + (d.rssi().isPresent() ? ", signal " + d.rssi().getAsInt() + " dBm" : ""));
    }

    private static Outcome refused(String why) {
        return new Outcome(OtaState.FAILED_PRECHECK, "not commanded: " + why);
    }
}
