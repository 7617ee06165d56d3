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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Stores raw counter readings once each. A batch goes through {@code COPY} into a staging table and from there
 * into {@code energy_reading} in one statement that merges copies of a reading (within the batch and with what is
 * stored) and reports which rows changed.
 */
public final class ReadingStore {

    /**
     * Inserts in key order, so that two batches stored at once never wait on each other in a cycle, and
     * answers per register how many readings were new and from which instant it changed: a few rows, not one
     * per reading.
     */
    private static final String MERGE = """
            WITH merged AS (
                INSERT INTO energy_reading AS r (device_pk, register, at, value_mwh, boot, uptime_seconds, reset,
                                                 received_at)
                SELECT device_pk, register, at, value_mwh, max(boot), min(uptime_seconds), bool_or(reset), now()
                FROM staged_reading GROUP BY device_pk, register, at, value_mwh
                ORDER BY device_pk, register, at, value_mwh
                ON CONFLICT (device_pk, register, at, value_mwh) DO UPDATE
                    SET boot = GREATEST(r.boot, excluded.boot), uptime_seconds = LEAST(r.uptime_seconds,
                        excluded.uptime_seconds), reset = r.reset OR excluded.reset
                    WHERE excluded.reset AND NOT r.reset
                       OR excluded.boot IS NOT NULL AND (r.boot IS NULL OR excluded.boot > r.boot)
                       OR excluded.uptime_seconds IS NOT NULL AND (r.uptime_seconds IS NULL
                           OR excluded.uptime_seconds < r.uptime_seconds)
                RETURNING device_pk, register, at, xmax = 0 AS new)
            SELECT device_pk, register, min(at), count(*) FILTER (WHERE new) FROM merged GROUP BY device_pk, register
            """;

    /**
     * Completes an {@code INSERT INTO accounting_due AS d}: a register already due stays due from the earlier
     * instant, and its version moves on so that an accounting run in progress does not clear it.
     */
    public static final String STILL_DUE = " ON CONFLICT (device_pk, register) DO UPDATE"
            + " SET from_at = least(d.from_at, excluded.from_at), version = d.version + 1";

    private static final Comparator<ReadingKey> KEY_ORDER =
            Comparator.comparingLong(ReadingKey::devicePk).thenComparing(ReadingKey::register);

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
        // sorted, like every key this class writes, so that concurrent stores take row locks in one order
        Map<String, CounterUnit> units = new TreeMap<>();
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
        lockDevices(c, pks, batch);
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
        // sorted: due marks are taken in one order by every transaction, so concurrent stores cannot deadlock
        Map<ReadingKey, Instant> changedFrom = new TreeMap<>(KEY_ORDER);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(MERGE)) {
            while (rs.next()) {
                changedFrom.put(new ReadingKey(rs.getLong(1), rs.getString(2)), rs.getTimestamp(3).toInstant());
                accepted += rs.getInt(4);
            }
        }
        markDue(c, changedFrom);
        return new StoreResult(accepted, batch.size() - accepted, changedFrom.keySet());
    }

    /**
     * Keeps the batch's devices from being deleted until it commits, and refuses a batch whose device is gone:
     * what a foreign key would do for every reading, once per device (see V7__energy_rows_without_foreign_keys).
     */
    private static void lockDevices(Connection c, Map<String, Long> pks, List<HistoryReading> batch)
            throws SQLException {
        Set<Long> wanted = new TreeSet<>();
        for (HistoryReading in : batch) {
            Long pk = pks.get(in.device());
            if (pk == null) {
                throw new SQLException("device " + in.device() + " does not exist", "23503");
            }
            wanted.add(pk);
        }
        int found = 0;
        try (PreparedStatement s = c.prepareStatement("SELECT pk FROM device WHERE pk = ANY (?) ORDER BY pk"
                + " FOR KEY SHARE")) {
            s.setArray(1, c.createArrayOf("bigint", wanted.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found++;
                }
            }
        }
        if (found != wanted.size()) {
            throw new SQLException("a device of the readings was deleted meanwhile", "23503");
        }
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
