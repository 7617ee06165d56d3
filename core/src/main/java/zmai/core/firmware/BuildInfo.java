package zmai.core.firmware;

import zmai.core.meter.ChipFamily;

import java.time.LocalDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * What a device says about the firmware it runs.
 *
 * @param chip    absent in the old {@code Built on ...} shape and in Tasmota versions, which name no platform
 * @param builtAt the compiler's local {@code __DATE__ __TIME__}; the zone of the build machine is unknown
 * @param text    the string as the device sent it
 */
public record BuildInfo(FirmwareProduct product, Optional<ChipFamily> chip, FirmwareVersion version,
                        Optional<LocalDateTime> builtAt, String text) {

    public BuildInfo {
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(chip, "chip");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(builtAt, "builtAt");
        Objects.requireNonNull(text, "text");
    }

    /** Parses any of the build-string shapes; see {@link BuildStringParser}. */
    public static BuildParseResult parse(String text) {
        return BuildStringParser.parse(text);
    }
}
