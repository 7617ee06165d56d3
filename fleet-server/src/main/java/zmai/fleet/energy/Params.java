package zmai.fleet.energy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/** Request parameters (a month, a time zone, an instant), refused with a message that says what is expected. */
public final class Params {

    private Params() {
    }

    static YearMonth parse(String month) {
        if (month == null) {
            throw new IllegalArgumentException("give the month as ?month=YYYY-MM");
        }
        try {
            return YearMonth.parse(month.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("month must be YYYY-MM, not '" + month + "'");
        }
    }

    public static ZoneId zone(String timezone) {
        if (timezone == null || timezone.isBlank()) {
            throw new IllegalArgumentException("give an IANA time zone, e.g. Europe/Warsaw");
        }
        try {
            return ZoneId.of(timezone.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + timezone + "' is not an IANA time zone like Europe/Warsaw");
        }
    }

    /** RFC 3339 with an offset. */
    public static Instant instant(String field, String text) {
        try {
            return OffsetDateTime.parse(Objects.requireNonNull(text)).toInstant();
        } catch (DateTimeException | NullPointerException e) {
            throw new IllegalArgumentException("'" + field + "' must be RFC 3339 with an offset, like"
                    + " 2026-03-01T00:00:00+01:00, not '" + text + "'");
        }
    }

    /** RFC 3339 with an offset, or a local date meaning its midnight in {@code zone}. */
    public static Instant instantOrDate(String field, String text, ZoneId zone) {
        if (text != null && text.length() == 10) {
            try {
                return LocalDate.parse(text).atStartOfDay(zone).toInstant();
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("'" + field + "' must be YYYY-MM-DD or RFC 3339, not '" + text + "'");
            }
        }
        return instant(field, text);
    }
}
