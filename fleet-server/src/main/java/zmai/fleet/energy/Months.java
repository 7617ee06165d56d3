package zmai.fleet.energy;

import java.time.DateTimeException;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** Request parameters naming a month or a time zone, refused with a message that says what is expected. */
final class Months {

    private Months() {
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

    static ZoneId zone(String timezone) {
        if (timezone == null || timezone.isBlank()) {
            throw new IllegalArgumentException("give an IANA time zone, e.g. Europe/Warsaw");
        }
        try {
            return ZoneId.of(timezone.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + timezone + "' is not an IANA time zone like Europe/Warsaw");
        }
    }
}
