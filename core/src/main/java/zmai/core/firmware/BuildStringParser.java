package zmai.core.firmware;

import zmai.core.Abbreviated;
import zmai.core.meter.ChipFamily;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads every build-string shape that OpenBeken and Tasmota devices report (spec §2.3, §3):
 * <ol>
 *     <li>MQTT {@code build} since 2024: {@code OpenBK7231N 1.18.288 Mar  1 2025 10:11:12}</li>
 *     <li>older MQTT and HTTP {@code /api/info}: {@code Built on Nov 12 2022 10:11:12 version 1.0.0}
 *         (the docs spell it {@code Build on})</li>
 *     <li>Tasmota-style {@code StatusFWR.Version}: {@code OpenBK7231N_1.18.288}</li>
 *     <li>Tasmota's own {@code INFO1.Version}: {@code 14.3.0(tasmota)}</li>
 * </ol>
 * Custom version suffixes ({@code 1.18.288_myboard}) are kept. Anything else is {@link BuildParseResult.Unparseable}
 * with the reason; the parser never guesses a chip or a version.
 */
public final class BuildStringParser {

    public static final int MAX_LENGTH = 160;

    // C's __DATE__ pads the day with a space ("Mar  1 2025"); some toolchains or copy-pastes use one space
    private static final String DATE_TIME = "([A-Z][a-z]{2}) {1,2}(\\d{1,2}) (\\d{4}) (\\d{2}):(\\d{2}):(\\d{2})";
    private static final Pattern CURRENT = Pattern.compile("Open([A-Za-z0-9]{1,20}) (\\S{1,64}) " + DATE_TIME);
    private static final Pattern BUILT_ON = Pattern.compile("Buil[dt] on " + DATE_TIME + " version (\\S{1,64})");
    private static final Pattern PLATFORM_VERSION = Pattern.compile("Open([A-Za-z0-9]{1,20})_(\\S{1,64})");
    private static final Pattern TASMOTA = Pattern.compile("\\d{1,9}(?:\\.\\d{1,9}){1,5}\\([A-Za-z0-9._+~-]{1,40}\\)");

    private static final List<String> MONTHS =
            List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");

    private BuildStringParser() {
    }

    public static BuildParseResult parse(String text) {
        if (text == null || text.isBlank()) {
            return new BuildParseResult.Unparseable("build string is empty");
        }
        if (text.length() > MAX_LENGTH) {
            return new BuildParseResult.Unparseable("build string is longer than " + MAX_LENGTH + " characters: '"
                    + Abbreviated.of(text) + "'");
        }
        try {
            return new BuildParseResult.Parsed(read(text.strip(), text));
        } catch (IllegalArgumentException | DateTimeException e) {
            return new BuildParseResult.Unparseable(e.getMessage());
        }
    }

    private static BuildInfo read(String trimmed, String original) {
        Matcher m = CURRENT.matcher(trimmed);
        if (m.matches()) {
            return new BuildInfo(FirmwareProduct.OPENBEKEN, Optional.of(chip(m.group(1))),
                    FirmwareVersion.parse(m.group(2)), Optional.of(dateTime(m, 3)), original);
        }
        m = BUILT_ON.matcher(trimmed);
        if (m.matches()) {
            return new BuildInfo(FirmwareProduct.OPENBEKEN, Optional.empty(),
                    FirmwareVersion.parse(m.group(7)), Optional.of(dateTime(m, 1)), original);
        }
        m = PLATFORM_VERSION.matcher(trimmed);
        if (m.matches()) {
            return new BuildInfo(FirmwareProduct.OPENBEKEN, Optional.of(chip(m.group(1))),
                    FirmwareVersion.parse(m.group(2)), Optional.empty(), original);
        }
        if (TASMOTA.matcher(trimmed).matches()) {
            return new BuildInfo(FirmwareProduct.TASMOTA, Optional.empty(),
                    FirmwareVersion.parse(trimmed), Optional.empty(), original);
        }
        throw new IllegalArgumentException("not a known build string shape (expected e.g. 'OpenBK7231N 1.18.288"
                + " Mar  1 2025 10:11:12', 'Built on Nov 12 2022 10:11:12 version 1.0.0', 'OpenBK7231N_1.18.288'"
                + " or '14.3.0(tasmota)'): '" + Abbreviated.of(original) + "'");
    }

    private static ChipFamily chip(String platform) {
        return ChipFamily.fromName(platform).orElseThrow(() -> new IllegalArgumentException(
                "unknown OpenBeken platform 'Open" + Abbreviated.of(platform) + "'"));
    }

    /** Groups from {@code first}: month name, day, year, hour, minute, second. */
    private static LocalDateTime dateTime(Matcher m, int first) {
        int month = MONTHS.indexOf(m.group(first)) + 1;
        if (month == 0) {
            throw new IllegalArgumentException("unknown month '" + m.group(first) + "' in build date");
        }
        String date = m.group(first) + " " + m.group(first + 1) + " " + m.group(first + 2);
        try {
            LocalDate day = LocalDate.of(Integer.parseInt(m.group(first + 2)), month,
                    Integer.parseInt(m.group(first + 1)));
            LocalTime time = LocalTime.of(Integer.parseInt(m.group(first + 3)), Integer.parseInt(m.group(first + 4)),
                    Integer.parseInt(m.group(first + 5)));
            return LocalDateTime.of(day, time);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("impossible build date or time '" + date + " " + m.group(first + 3)
                    + ":" + m.group(first + 4) + ":" + m.group(first + 5) + "': " + e.getMessage());
        }
    }
}
