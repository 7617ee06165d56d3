package zmai.fleet.energy;

import zmai.core.energy.TimeRange;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit trail of final months: a change to a circuit's month after its grace period is recorded here, in the
 * transaction that makes it, with the change in mWh, who made it and why.
 */
final class Adjustments {

    /** One circuit's month in its own zone. */
    record CircuitMonth(long circuitPk, ZoneId zone, YearMonth month) {
        TimeRange range() {
            return TimeRange.of(month, zone);
        }
    }

    private Adjustments() {
    }

    /** Records the changes that fall into final months; changes to provisional months need no record. */
    static void record(Connection c, long devicePk, Map<CircuitMonth, Long> monthDeltas, Finality finality,
                       Attribution who) throws SQLException {
        Instant now = Instant.now();
        List<Map.Entry<CircuitMonth, Long>> adjustments = monthDeltas.entrySet().stream()
                .filter(e -> e.getValue() != 0 && finality.isFinal(e.getKey().range(), now)).toList();
        if (adjustments.isEmpty()) {
            return;
        }
        String deviceId = deviceId(c, devicePk);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO energy_adjustment (circuit_pk, month_start,"
                + " delta_mwh, recorded_at, recorded_by, reason, device_id) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<CircuitMonth, Long> adjustment : adjustments) {
                s.setLong(1, adjustment.getKey().circuitPk());
                s.setTimestamp(2, Timestamp.from(adjustment.getKey().range().start()));
                s.setLong(3, adjustment.getValue());
                s.setTimestamp(4, Timestamp.from(now));
                s.setString(5, who.by());
                s.setString(6, who.reason());
                s.setString(7, deviceId);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Each circuit's adjustments of the month starting at the given instant, oldest first. */
    static Map<Long, List<MonthlyReport.Adjustment>> of(Connection c, Long[] circuitPks, Timestamp[] monthStarts)
            throws SQLException {
        Map<Long, List<MonthlyReport.Adjustment>> byCircuit = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT a.circuit_pk, a.delta_mwh, a.device_id, a.recorded_by, a.reason, a.recorded_at
                FROM energy_adjustment a
                JOIN unnest(?::bigint[], ?::timestamptz[]) AS m (circuit_pk, start)
                    ON a.circuit_pk = m.circuit_pk AND a.month_start = m.start
                ORDER BY a.recorded_at, a.pk""")) {
            s.setArray(1, c.createArrayOf("bigint", circuitPks));
            s.setArray(2, c.createArrayOf("timestamptz", monthStarts));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long delta = rs.getLong(2);
                    byCircuit.computeIfAbsent(rs.getLong(1), pk -> new ArrayList<>()).add(new MonthlyReport.Adjustment(
                            delta, rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getTimestamp(6).toInstant()));
                }
            }
        }
        return byCircuit;
    }

    private static String deviceId(Connection c, long devicePk) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM device WHERE pk = ?")) {
            s.setLong(1, devicePk);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
