package zmai.fleet.energy;

import zmai.core.energy.CounterReading;
import zmai.core.energy.CounterUnit;
import zmai.core.history.HistoryReading;
import zmai.fleet.db.CopyRows;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Stores raw counter readings once each. A batch goes through {@code COPY} into a staging table and from there
 * into {@code energy_reading} in one statement that merges copies of a reading (within the batch and with what is
 * stored) and reports which rows changed.
 */
public final class ReadingStore {

    private static final String MERGE = """
            INSERT INTO energy_reading AS r (device_pk, register, at, value_mwh, boot, uptime_seconds, reset,
                                             received_at)
            SELECT device_pk, register, at, value_mwh, max(boot), min(uptime_seconds), bool_or(reset), now()
            FROM staged_reading GROUP BY device_pk, register, at, value_mwh
            ON CONFLICT (device_pk, register, at, value_mwh) DO UPDATE
                SET boot = GREATEST(r.boot, excluded.boot), uptime_seconds = LEAST(r.uptime_seconds,
                    excluded.uptime_seconds), reset = r.reset OR excluded.reset
                WHERE excluded.reset AND NOT r.reset
                   OR excluded.boot IS NOT NULL AND (r.boot IS NULL OR excluded.boot > r.boot)
                   OR excluded.uptime_seconds IS NOT NULL AND (r.uptime_seconds IS NULL
                       OR excluded.uptime_seconds < r.uptime_seconds)
            RETURNING device_pk, register, at, xmax = 0
            """;

    /**
     * Completes an {@code INSERT INTO accounting_due AS d}: a register already due stays due from the earlier
     * instant, and its version moves on so that an accounting run in progress does not clear it.
     */
    public static final String STILL_DUE = " ON CONFLICT (device_pk, register) DO UPDATE"
            + " SET from_at = least(d.from_at, excluded.from_at), version = d.version + 1";

    private final DataSource dataSource;

    public ReadingStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Stores a batch in one transaction, creating devices it names for the first time. */
    public StoreResult store(List<HistoryReading> batch) throws SQLException {
        if (batch.isEmpty()) {
            return StoreResult.empty();
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Map<String, Long> pks = ensureDevices(c, batch);
                StoreResult result = merge(c, batch, pks);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Ids to primary keys; an unknown id becomes a device whose resolution follows the unit it reports in. */
    static Map<String, Long> ensureDevices(Connection c, Collection<HistoryReading> batch) throws SQLException {
        Map<String, CounterUnit> units = new LinkedHashMap<>();
        for (HistoryReading in : batch) {
            units.putIfAbsent(in.device(), in.unit());
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO device (id, first_seen, last_seen, quantum_mwh)"
                + " VALUES (?, now(), now(), ?) ON CONFLICT (id) DO NOTHING")) {
            for (Map.Entry<String, CounterUnit> e : units.entrySet()) {
                s.setString(1, e.getKey());
                s.setLong(2, Resolution.defaultQuantumMwh(e.getValue()));
                s.addBatch();
            }
            s.executeBatch();
        }
        Map<String, Long> pks = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, pk FROM device WHERE id = ANY (?)")) {
            Array ids = c.createArrayOf("text", units.keySet().toArray());
            s.setArray(1, ids);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    pks.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return pks;
    }

    /**
     * Stores readings within the caller's transaction and marks their registers due for accounting.
     *
     * @param pks the primary key of every device the batch names
     */
    public static StoreResult merge(Connection c, List<HistoryReading> batch, Map<String, Long> pks) throws SQLException {
        if (batch.isEmpty()) {
            return StoreResult.empty();
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS staged_reading (device_pk BIGINT, register TEXT,"
                    + " at TIMESTAMPTZ, value_mwh BIGINT, boot BIGINT, uptime_seconds BIGINT, reset BOOLEAN)"
                    + " ON COMMIT DELETE ROWS");
        }
        StringBuilder rows = new StringBuilder(batch.size() * 64);
        for (HistoryReading in : batch) {
            CounterReading r = in.reading();
            rows.append(pks.get(in.device())).append('\t').append(in.register()).append('\t').append(r.at())
                    .append('\t').append(r.valueMwh()).append('\t')
                    .append(r.bootCount().isPresent() ? Long.toString(r.bootCount().getAsLong()) : CopyRows.NULL).append('\t')
                    .append(r.uptimeSeconds().isPresent() ? Long.toString(r.uptimeSeconds().getAsLong()) : CopyRows.NULL)
                    .append('\t').append(r.reset()).append('\n');
        }
        CopyRows.copy(c, "COPY staged_reading FROM STDIN", rows);
        int accepted = 0;
        Map<ReadingKey, Instant> changedFrom = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(MERGE)) {
            while (rs.next()) {
                ReadingKey key = new ReadingKey(rs.getLong(1), rs.getString(2));
                Instant at = rs.getTimestamp(3).toInstant();
                changedFrom.merge(key, at, (a, b) -> a.isBefore(b) ? a : b);
                if (rs.getBoolean(4)) {
                    accepted++;
                }
            }
        }
        markDue(c, changedFrom);
        return new StoreResult(accepted, batch.size() - accepted, changedFrom.keySet());
    }

    private static void markDue(Connection c, Map<ReadingKey, Instant> changedFrom) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO accounting_due AS d (device_pk, register, from_at)"
                + " VALUES (?, ?, ?)" + STILL_DUE)) {
            for (Map.Entry<ReadingKey, Instant> e : changedFrom.entrySet()) {
                if (e.getKey().isTotal()) {
                    s.setLong(1, e.getKey().devicePk());
                    s.setString(2, e.getKey().register());
                    s.setTimestamp(3, java.sql.Timestamp.from(e.getValue()));
                    s.addBatch();
                }
            }
            s.executeBatch();
        }
    }
}
