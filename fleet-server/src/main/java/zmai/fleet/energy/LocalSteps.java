package zmai.fleet.energy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Steps of local time (quarter hours, hours, days, months) in a zone, so that a day across a DST change is the
 * 23 or 25 hours it really lasts. A step is named {@code 15m}, {@code 1h} or {@code h}, {@code 1d} or {@code d},
 * {@code 1mo}.
 */
public final class LocalSteps {

    private LocalSteps() {
    }

    /**
     * Step boundaries from {@code start} to {@code end}; the first and last intervals may be partial.
     *
     * @throws IllegalArgumentException for an unknown step, or more than {@code maxSteps} intervals
     */
    public static Instant[] boundaries(Instant start, Instant end, ZoneId zone, String step, int maxSteps) {
        List<Instant> bounds = new ArrayList<>();
        bounds.add(start);
        ZonedDateTime cursor = start.atZone(zone);
        while (true) {
            cursor = next(cursor, step);
            if (!cursor.toInstant().isBefore(end)) {
                break;
            }
            bounds.add(cursor.toInstant());
            if (bounds.size() > maxSteps) {
                throw new IllegalArgumentException("more than " + maxSteps + " steps; choose a longer step or a"
                        + " shorter range");
            }
        }
        bounds.add(end);
        return bounds.toArray(Instant[]::new);
    }

    /** The first step boundary at or after {@code t}. */
    public static Instant ceiling(Instant t, ZoneId zone, String step) {
        return next(t.minusNanos(1).atZone(zone), step).toInstant();
    }

    /** Which interval of {@code bounds} holds {@code t}, which must lie in [first, last). */
    public static int intervalOf(Instant[] bounds, Instant t) {
        int slot = Arrays.binarySearch(bounds, t);
        return slot >= 0 ? slot : -slot - 2;
    }

    /**
     * Runs {@code query}, whose rows are (bucket start, mWh), and adds each row's energy to the interval of
     * {@code bounds} the bucket starts in.
     */
    public static long[] sumPerInterval(PreparedStatement query, Instant[] bounds) throws SQLException {
        long[] mwh = new long[bounds.length - 1];
        query.setFetchSize(10_000);
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                int interval = intervalOf(bounds, rs.getTimestamp(1).toInstant());
                mwh[interval] = Math.addExact(mwh[interval], rs.getLong(2));
            }
        }
        return mwh;
    }

    private static ZonedDateTime next(ZonedDateTime t, String step) {
        return switch (step) {
            case "15m" -> t.truncatedTo(ChronoUnit.MINUTES).withMinute(t.getMinute() / 15 * 15).plusMinutes(15);
            case "1h", "h" -> t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            case "1d", "d" -> t.toLocalDate().plusDays(1).atStartOfDay(t.getZone());
            case "1mo" -> t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay(t.getZone());
            default -> throw new IllegalArgumentException("step must be 15m, 1h, 1d or 1mo, not '" + step + "'");
        };
    }
}
