package zmai.core.history;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
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
        if (device.codePoints().anyMatch(Character::isISOControl)) {
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
        return CounterUnit.fromSymbol(symbol).orElseThrow(() -> new LineRefusal(
                "unit '" + Abbreviated.of(symbol) + "' is not one of Wh, kWh, 0.1kWh"));
    }

    static long valueMwh(String text, CounterUnit unit) throws LineRefusal {
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
