package zmai.meter.virtual;

import zmai.core.firmware.FirmwareVersion;
import zmai.core.meter.ChipFamily;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** The firmware a virtual meter runs, rendered as OpenBeken's MQTT {@code build} string. */
public record FirmwareBuild(ChipFamily chip, FirmwareVersion version, LocalDateTime builtAt) {

    private static final List<String> MONTHS =
            List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");

    public FirmwareBuild {
        Objects.requireNonNull(chip, "chip");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(builtAt, "builtAt");
    }

    public static FirmwareBuild openBk7231n(String version, LocalDateTime builtAt) {
        return new FirmwareBuild(ChipFamily.BK7231N, FirmwareVersion.parse(version), builtAt);
    }

    /** {@code OpenBK7231N 1.18.288 Mar  1 2025 10:11:12}: C's {@code __DATE__} pads single-digit days with a space. */
    public String mqttBuildString() {
        return String.format(Locale.ROOT, "%s %s %s %2d %d %02d:%02d:%02d", chip.openBekenPlatform(), version,
                MONTHS.get(builtAt.getMonthValue() - 1), builtAt.getDayOfMonth(), builtAt.getYear(),
                builtAt.getHour(), builtAt.getMinute(), builtAt.getSecond());
    }

    /** {@code Built on Mar  1 2025 10:11:12 version 1.18.288}: the {@code build} of {@code /api/info}. */
    public String httpBuildString() {
        return String.format(Locale.ROOT, "Built on %s %2d %d %02d:%02d:%02d version %s",
                MONTHS.get(builtAt.getMonthValue() - 1), builtAt.getDayOfMonth(), builtAt.getYear(),
                builtAt.getHour(), builtAt.getMinute(), builtAt.getSecond(), version);
    }
}
