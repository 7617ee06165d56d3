package zmai.fleet.energy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps {@code circuit_rollup} equal to the sums of the quarter-hour buckets it summarises: a bucket counts for
 * the circuits its meter was assigned to at the bucket's start, in the local hour, day and month of each circuit.
 * Local boundaries are computed here, with the same rules as {@code TimeRange}, never in SQL.
 */
final class Rollups {

    private record Key(long circuitPk, char step, Instant start) {
    }

    private static final Comparator<Key> KEY_ORDER = Comparator.comparingLong(Key::circuitPk)
            .thenComparing(Key::step).thenComparing(Key::start);

    /** One assignment of a meter, with its circuit's zone. */
    record Coverage(long circuitPk, ZoneId zone, Instant from, Instant to) {
        boolean covers(Instant bucket) {
            return !bucket.isBefore(from) && (to == null || bucket.isBefore(to));
        }
    }

    private Rollups() {
    }

    static List<Coverage> coverageOf(Connection c, long devicePk) throws SQLException {
        List<Coverage> coverage = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT a.circuit_pk, c.timezone, a.valid_from, a.valid_to"
                + " FROM assignment a JOIN circuit c ON c.pk = a.circuit_pk WHERE a.device_pk = ?")) {
            s.setLong(1, devicePk);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Timestamp to = rs.getTimestamp(4);
                    coverage.add(new Coverage(rs.getLong(1), ZoneId.of(rs.getString(2)), rs.getTimestamp(3).toInstant(),
                            to == null ? null : to.toInstant()));
                }
            }
        }
        return coverage;
    }

    /**
     * Adds bucket changes of one meter to the roll-ups of the circuits it fed at each bucket's start; what lands in
     * a final month is also recorded as an adjustment by {@code who}. The rows are written in key order: meters of
     * one circuit accounted at once then never wait on each other in a cycle.
     */
    static void add(Connection c, long devicePk, List<Coverage> coverage, Map<Instant, Long> bucketDeltas,
                    Finality finality, Attribution who) throws SQLException {
        Map<Key, Long> deltas = new TreeMap<>(KEY_ORDER);
        Map<Adjustments.CircuitMonth, Long> months = new HashMap<>();
        for (Coverage cover : coverage) {
            // quarter hours summed per local hour and date first: a day and its month follow from the date
            Map<Instant, Long> hours = new HashMap<>();
            Map<LocalDate, Long> dates = new HashMap<>();
            for (Map.Entry<Instant, Long> bucket : bucketDeltas.entrySet()) {
                if (bucket.getValue() != 0 && cover.covers(bucket.getKey())) {
                    var local = bucket.getKey().atZone(cover.zone());
                    hours.merge(local.truncatedTo(ChronoUnit.HOURS).toInstant(), bucket.getValue(), Long::sum);
                    dates.merge(local.toLocalDate(), bucket.getValue(), Long::sum);
                }
            }
            hours.forEach((hour, mwh) -> deltas.merge(new Key(cover.circuitPk(), 'h', hour), mwh, Long::sum));
            dates.forEach((date, mwh) -> {
                deltas.merge(new Key(cover.circuitPk(), 'd', date.atStartOfDay(cover.zone()).toInstant()), mwh,
                        Long::sum);
                deltas.merge(new Key(cover.circuitPk(), 'm', date.withDayOfMonth(1).atStartOfDay(cover.zone())
                        .toInstant()), mwh, Long::sum);
                months.merge(new Adjustments.CircuitMonth(cover.circuitPk(), cover.zone(), YearMonth.from(date)), mwh,
                        Long::sum);
            });
        }
        Adjustments.record(c, devicePk, months, finality, who);
        if (deltas.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO circuit_rollup AS r (circuit_pk, step, start, mwh)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (circuit_pk, step, start) DO UPDATE SET mwh = r.mwh + excluded.mwh")) {
            for (Map.Entry<Key, Long> delta : deltas.entrySet()) {
                if (delta.getValue() != 0) {
                    s.setLong(1, delta.getKey().circuitPk());
                    s.setString(2, String.valueOf(delta.getKey().step()));
                    s.setTimestamp(3, Timestamp.from(delta.getKey().start()));
                    s.setLong(4, delta.getValue());
                    s.addBatch();
                }
            }
            s.executeBatch();
        }
    }

    /**
     * A meter now measures the circuit over {@code coverage} (a new assignment, or one that grew): its buckets
     * already accounted there count for the circuit.
     */
    static void addCoverage(Connection c, long devicePk, Coverage coverage, Finality finality, Attribution who)
            throws SQLException {
        add(c, devicePk, List.of(coverage), bucketsIn(c, devicePk, coverage, 1), finality, who);
    }

    /** The meter no longer measures the circuit over {@code coverage}: its buckets there leave the circuit. */
    static void removeCoverage(Connection c, long devicePk, Coverage coverage, Finality finality, Attribution who)
            throws SQLException {
        add(c, devicePk, List.of(coverage), bucketsIn(c, devicePk, coverage, -1), finality, who);
    }

    private static Map<Instant, Long> bucketsIn(Connection c, long devicePk, Coverage coverage, int sign)
            throws SQLException {
        Map<Instant, Long> buckets = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT start, mwh FROM energy_bucket WHERE device_pk = ?"
                + " AND start >= ? AND start < ?")) {
            s.setLong(1, devicePk);
            s.setTimestamp(2, Timestamp.from(coverage.from()));
            s.setTimestamp(3, coverage.to() == null ? Timestamp.from(Instant.parse("9999-12-31T00:00:00Z"))
                    : Timestamp.from(coverage.to()));
            s.setFetchSize(10_000);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    buckets.put(rs.getTimestamp(1).toInstant(), sign * rs.getLong(2));
                }
            }
        }
        return buckets;
    }
}
