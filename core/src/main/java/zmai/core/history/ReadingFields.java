package zmai.core.history;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import zmai.core.Abbreviated;
import zmai.core.energy.CounterReading;
import zmai.core.energy.CounterUnit;
import zmai.core.energy.MilliWattHours;

/** The rules of the import contract for each field, shared by the NDJSON and the CSV spelling. */
final class ReadingFields {

    static final String ENERGY_TOTAL = "energy_total";
    static final int MAX_DEVICE_LENGTH = 128;
    private static final int MAX_BOOT_DIGITS = 18;
    // RFC 3339 date-time; the offset group is optional here only to say clearly that it is missing
    private static final Pattern TIMESTAMP = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(?:\\.(\\d+))?([Zz]|[+-]\\d{2}:\\d{2})?");
    private static final int MAX_FRACTION_DIGITS = 9;
    /** Readings are kept to the microsecond (PostgreSQL's resolution): finer digits must be zeros. */
    private static final int KEPT_FRACTION_DIGITS = 6;

    private ReadingFields() {
    }

    static String device(String text) throws LineRefusal {
        String device = required("device", text);
        if (device.length() > MAX_DEVICE_LENGTH) {
            throw new LineRefusal("device is longer than " + MAX_DEVICE_LENGTH + " characters: " + Abbreviated.of(device));
        }
        if (!plainDevice(device) && device.codePoints().anyMatch(Character::isISOControl)) {
            throw new LineRefusal("device contains a control character: " + Abbreviated.of(device));
        }
        return device;
    }

    static String register(String text) throws LineRefusal {
        String register = required("register", text);
        if (!register.equals(ENERGY_TOTAL)) {
            throw new LineRefusal("register '" + Abbreviated.of(register) + "' is not supported; the only register is "
                    + ENERGY_TOTAL);
        }
        return register;
    }

    static Instant instant(String text) throws LineRefusal {
        String ts = required("ts", text);
        Optional<Instant> plain = plainInstant(ts);
        if (plain.isPresent()) {
            return plain.get();
        }
        Matcher m = TIMESTAMP.matcher(ts);
        if (!m.matches()) {
            throw new LineRefusal("ts '" + Abbreviated.of(ts) + "' is not an RFC 3339 timestamp like 2026-03-01T00:00:00+01:00");
        }
        if (m.group(2) == null) {
            // a local time means nothing without its offset: the same text is two instants on a DST night
            throw new LineRefusal("ts '" + ts + "' has no offset; add Z or a numeric offset such as +01:00");
        }
        if (m.group(1) != null && m.group(1).length() > MAX_FRACTION_DIGITS) {
            throw new LineRefusal("ts '" + Abbreviated.of(ts) + "' is finer than a nanosecond");
        }
        if (m.group(1) != null && m.group(1).length() > KEPT_FRACTION_DIGITS
                && !m.group(1).substring(KEPT_FRACTION_DIGITS).chars().allMatch(c -> c == '0')) {
            // rounding would silently merge readings or move one into another month
            throw new LineRefusal("ts '" + ts + "' is finer than a microsecond, the resolution readings are kept at");
        }
        try {
            return OffsetDateTime.parse(ts.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new LineRefusal("ts '" + ts + "' is not a valid date and time");
        }
    }

    static CounterUnit unit(String text) throws LineRefusal {
        String symbol = required("unit", text);
        return unitOf(symbol).orElseThrow(() -> new LineRefusal(
                "unit '" + Abbreviated.of(symbol) + "' is not one of Wh, kWh, 0.1kWh"));
    }

    /** The unit spelled exactly {@code symbol}; a switch, as this runs for every line. */
    static Optional<CounterUnit> unitOf(String symbol) {
        return switch (symbol) {
            case "Wh" -> Optional.of(CounterUnit.WH);
            case "kWh" -> Optional.of(CounterUnit.KWH);
            case "0.1kWh" -> Optional.of(CounterUnit.TENTH_KWH);
            default -> Optional.empty();
        };
    }

    /** True when {@code text} is a device id {@link #device} takes as it is: printable ASCII, no padding. */
    static boolean plainDevice(String text) {
        int length = text.length();
        if (length == 0 || length > MAX_DEVICE_LENGTH || text.charAt(0) == ' ' || text.charAt(length - 1) == ' ') {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /**
     * The instant of the usual spelling {@code 2026-03-01T00:00:00[.fraction](Z|+01:00)}, computed without a
     * formatter; empty for any other text, valid or not, which {@link #instant} then judges.
     */
    static Optional<Instant> plainInstant(String ts) {
        int length = ts.length();
        if (length < 20 || ts.charAt(4) != '-' || ts.charAt(7) != '-' || (ts.charAt(10) | 0x20) != 't'
                || ts.charAt(13) != ':' || ts.charAt(16) != ':') {
            return Optional.empty();
        }
        int year = digits(ts, 0, 4);
        int month = digits(ts, 5, 2);
        int day = digits(ts, 8, 2);
        int hour = digits(ts, 11, 2);
        int minute = digits(ts, 14, 2);
        int second = digits(ts, 17, 2);
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > 28 && day > YearMonth.of(year, month).lengthOfMonth()
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return Optional.empty();
        }
        int i = 19;
        int nanos = 0;
        if (ts.charAt(i) == '.') {
            int start = ++i;
            while (i < length && ts.charAt(i) >= '0' && ts.charAt(i) <= '9') {
                i++;
            }
            int count = i - start;
            if (count == 0 || count > MAX_FRACTION_DIGITS) {
                return Optional.empty();
            }
            nanos = digits(ts, start, count);
            for (int k = count; k < MAX_FRACTION_DIGITS; k++) {
                nanos *= 10;
            }
            if (nanos % 1_000 != 0) {
                return Optional.empty();
            }
        }
        int offsetSeconds;
        if (i == length - 1 && (ts.charAt(i) | 0x20) == 'z') {
            offsetSeconds = 0;
        } else if (i == length - 6 && (ts.charAt(i) == '+' || ts.charAt(i) == '-') && ts.charAt(i + 3) == ':') {
            int offsetHours = digits(ts, i + 1, 2);
            int offsetMinutes = digits(ts, i + 4, 2);
            // -00:00 and offsets at the ±18:00 edge are left to the formatter
            if (offsetHours < 0 || offsetHours > 17 || offsetMinutes < 0 || offsetMinutes > 59
                    || offsetHours + offsetMinutes == 0 && ts.charAt(i) == '-') {
                return Optional.empty();
            }
            offsetSeconds = (ts.charAt(i) == '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
        } else {
            return Optional.empty();
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Optional.of(Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second
                - offsetSeconds, nanos));
    }

    /** The value of {@code count} decimal digits at {@code from}; -1 when one of them is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * mWh of a plain decimal such as {@code 230100.500} in {@code unit}, in long arithmetic; empty for any other
     * spelling and for values that are not a whole number of mWh or too large, which {@link #valueMwh} judges.
     */
    static OptionalLong plainValueMwh(String text, CounterUnit unit) {
        int length = text.length();
        if (length == 0 || length > 18) {
            return OptionalLong.empty();
        }
        long mantissa = 0;
        int scale = -1;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c == '.' && scale < 0 && i > 0 && i < length - 1) {
                scale = 0;
            } else if (c >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                if (scale >= 0) {
                    scale++;
                }
            } else {
                return OptionalLong.empty();
            }
        }
        long divisor = 1;
        for (int k = 0; k < Math.max(scale, 0); k++) {
            divisor *= 10;
        }
        if (mantissa > Long.MAX_VALUE / unit.milliWattHours()) {
            return OptionalLong.empty();
        }
        long scaled = mantissa * unit.milliWattHours();
        if (scaled % divisor != 0 || scaled / divisor >= 1L << 62) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(scaled / divisor);
    }

    static long valueMwh(String text, CounterUnit unit) throws LineRefusal {
        OptionalLong plain = text == null ? OptionalLong.empty() : plainValueMwh(text, unit);
        if (plain.isPresent()) {
            return plain.getAsLong();
        }
        try {
            return MilliWattHours.parse(required("value", text), unit);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new LineRefusal(e.getMessage());
        }
    }

    static long valueMwh(BigDecimal value, CounterUnit unit) throws LineRefusal {
        try {
            return MilliWattHours.fromDecimal(value, unit);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new LineRefusal(e.getMessage());
        }
    }

    /** A boot counter written as text, as CSV has it; empty text means none. */
    static OptionalLong boot(String text) throws LineRefusal {
        if (text == null || text.isBlank()) {
            return OptionalLong.empty();
        }
        String digits = text.strip();
        if (digits.length() > MAX_BOOT_DIGITS || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new LineRefusal("boot '" + Abbreviated.of(digits) + "' is not a whole number of at most "
                    + MAX_BOOT_DIGITS + " digits");
        }
        return OptionalLong.of(Long.parseLong(digits));
    }

    /** Seconds since the device booted, written as text, as CSV has it; empty text means none. */
    static OptionalLong uptime(String text) throws LineRefusal {
        if (text == null || text.isBlank()) {
            return OptionalLong.empty();
        }
        String digits = text.strip();
        if (digits.length() > MAX_BOOT_DIGITS || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new LineRefusal("uptime '" + Abbreviated.of(digits) + "' is not a whole number of seconds");
        }
        return OptionalLong.of(Long.parseLong(digits));
    }

    static boolean reset(String text) throws LineRefusal {
        if (text == null || text.isBlank() || text.strip().equalsIgnoreCase("false")) {
            return false;
        }
        if (text.strip().equalsIgnoreCase("true")) {
            return true;
        }
        throw new LineRefusal("reset '" + Abbreviated.of(text.strip()) + "' is neither true nor false");
    }

    /** @param uptime seconds since the device booted: a lower one than before is a reboot, like a new boot count */
    static CounterReading reading(Instant at, long valueMwh, OptionalLong boot, OptionalLong uptime, boolean reset) {
        return new CounterReading(at, valueMwh, boot, uptime, reset);
    }

    private static String required(String field, String text) throws LineRefusal {
        if (text == null || text.isBlank()) {
            throw new LineRefusal(field + " is missing");
        }
        return text.strip();
    }
}
