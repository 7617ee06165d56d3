package zmai.fleet.embedded;

import zmai.meter.virtual.LoadProfile;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * The hourly counter readings a meter's load would have produced over [from, to), minute by minute as the
 * load curve varies, so that the history ends exactly where the meter's live counter starts.
 *
 * @param from a whole minute
 * @param to   a whole minute after {@code from}; the last reading is taken there
 */
record DemoHistory(String device, Instant from, Instant to, long startMilliWh, LoadProfile load) {

    static final Duration SPAN = Duration.ofDays(60);
    // 1 W for one minute = 1000/60 mWh
    private static final double MILLIWATT_HOURS_PER_WATT_MINUTE = 1000.0 / 60;

    DemoHistory {
        if (!from.equals(from.truncatedTo(ChronoUnit.MINUTES)) || !to.isAfter(from)) {
            throw new IllegalArgumentException("a history needs whole minutes, from before to: " + from + ", " + to);
        }
    }

    /** The history ending at {@code end} and starting at {@link #startFor}. */
    static DemoHistory endingAt(String device, Instant end, ZoneId zone, long startMilliWh, LoadProfile load) {
        return new DemoHistory(device, startFor(end, zone), end.truncatedTo(ChronoUnit.MINUTES), startMilliWh, load);
    }

    /**
     * Where a history ending at {@code end} starts: {@link #SPAN} earlier on the hour, or earlier still at the start
     * of the previous month in {@code zone}, so that month is complete.
     */
    static Instant startFor(Instant end, ZoneId zone) {
        Instant span = end.truncatedTo(ChronoUnit.MINUTES).minus(SPAN).truncatedTo(ChronoUnit.HOURS);
        Instant lastMonth = end.atZone(zone).toLocalDate().withDayOfMonth(1).minusMonths(1).atStartOfDay(zone)
                .toInstant();
        return lastMonth.isBefore(span) ? lastMonth : span;
    }

    /** The counter at {@code to}: where the live meter picks up. */
    long endMilliWh() {
        return readings(new StringBuilder());
    }

    /** One NDJSON line per hour and one at {@code to}, as {@code POST /api/readings} takes them. */
    String ndjson() {
        StringBuilder out = new StringBuilder();
        readings(out);
        return out.toString();
    }

    private long readings(StringBuilder out) {
        double milliWh = startMilliWh;
        for (Instant t = from; t.isBefore(to); t = t.plus(Duration.ofMinutes(1))) {
            if (t.getEpochSecond() % 3600 == 0) {
                line(out, t, Math.round(milliWh));
            }
            milliWh += load.at(t).watts() * MILLIWATT_HOURS_PER_WATT_MINUTE;
        }
        long end = Math.round(milliWh);
        line(out, to, end);
        return end;
    }

    private void line(StringBuilder out, Instant at, long milliWh) {
        out.append("{\"device\":\"").append(device).append("\",\"ts\":\"").append(at)
                .append("\",\"register\":\"energy_total\",\"value\":\"").append(milliWh / 1000).append('.')
                .append(String.format("%03d", milliWh % 1000)).append("\",\"unit\":\"Wh\"}\n");
    }
}
