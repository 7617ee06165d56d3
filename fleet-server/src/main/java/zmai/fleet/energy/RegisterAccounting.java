package zmai.fleet.energy;

import zmai.core.energy.AccountingEvent;
import zmai.core.energy.AccountingPolicy;
import zmai.core.energy.CounterAccountant;
import zmai.core.energy.CounterReading;
import zmai.core.energy.CounterState;
import zmai.core.energy.QuarterHours;
import zmai.fleet.db.CopyRows;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Accounts one register of one device in PostgreSQL with {@code core}'s accountant: from the last checkpoint
 * before the first changed reading, it withdraws the decisions made after that checkpoint (and their bucket
 * shares), replays the readings in device order, and records the new decisions, shares and daily checkpoints.
 * Only the buckets those decisions touch change. A per-device advisory lock keeps live and imported readings of
 * one meter from being accounted at the same time.
 */
public final class RegisterAccounting {

    private final DataSource dataSource;
    private final StateCodec codec;
    private final Finality finality;

    public RegisterAccounting(DataSource dataSource, StateCodec codec, Finality finality) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.finality = Objects.requireNonNull(finality, "finality");
    }

    private record Checkpoint(Instant through, CounterState state) {
    }

    /** Registers with readings waiting to be accounted, oldest first. */
    public List<ReadingKey> due(int limit) throws SQLException {
        List<ReadingKey> keys = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT device_pk, register FROM accounting_due"
                     + " ORDER BY from_at LIMIT ?")) {
            s.setInt(1, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    keys.add(new ReadingKey(rs.getLong(1), rs.getString(2)));
                }
            }
        }
        return keys;
    }

    /**
     * Accounts a register's waiting readings, if any, and clears its due mark in the same transaction unless
     * more readings were marked meanwhile (they are accounted next time). Changes to final months are recorded as
     * adjustments by {@code who}.
     */
    public void accountDue(ReadingKey key, Attribution who) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                lock(c, key.devicePk());
                Optional<DueMark> due = dueMark(c, key);
                if (due.isPresent()) {
                    account(c, key, due.get().from(), who);
                    clearDue(c, key, due.get().version());
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private record DueMark(Instant from, long version) {
    }

    private static Optional<DueMark> dueMark(Connection c, ReadingKey key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT from_at, version FROM accounting_due"
                + " WHERE device_pk = ? AND register = ?")) {
            s.setLong(1, key.devicePk());
            s.setString(2, key.register());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new DueMark(rs.getTimestamp(1).toInstant(), rs.getLong(2)))
                        : Optional.empty();
            }
        }
    }

    private static void clearDue(Connection c, ReadingKey key, long version) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM accounting_due WHERE device_pk = ? AND register = ?"
                + " AND version = ?")) {
            s.setLong(1, key.devicePk());
            s.setString(2, key.register());
            s.setLong(3, version);
            s.executeUpdate();
        }
    }

    private void account(Connection c, ReadingKey key, Instant changedFrom, Attribution who) throws SQLException {
        Optional<Checkpoint> start = checkpointBefore(c, key, changedFrom);
        Instant cutoff = start.map(Checkpoint::through).orElse(Instant.EPOCH.minus(1, ChronoUnit.DAYS));
        Map<Instant, Long> bucketDeltas = new TreeMap<>();
        withdrawDecisionsAfter(c, key, cutoff, bucketDeltas);
        replay(c, key, cutoff, start.map(Checkpoint::state), bucketDeltas);
        if (key.isTotal()) {
            applyBucketDeltas(c, key.devicePk(), bucketDeltas, who);
        }
    }

    private static void lock(Connection c, long devicePk) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            s.setLong(1, devicePk);
            s.execute();
        }
    }

    private Optional<Checkpoint> checkpointBefore(Connection c, ReadingKey key, Instant changedFrom)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT through, state FROM energy_checkpoint"
                + " WHERE device_pk = ? AND register = ? AND through < ? ORDER BY through DESC LIMIT 1")) {
            s.setLong(1, key.devicePk());
            s.setString(2, key.register());
            s.setTimestamp(3, Timestamp.from(changedFrom));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Checkpoint(rs.getTimestamp(1).toInstant(), codec.read(rs.getString(2))))
                        : Optional.empty();
            }
        }
    }

    private static void withdrawDecisionsAfter(Connection c, ReadingKey key, Instant cutoff,
                                               Map<Instant, Long> bucketDeltas) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM energy_event WHERE device_pk = ? AND register = ?"
                + " AND decided_at > ? RETURNING energy_mwh, interval_start, at")) {
            s.setLong(1, key.devicePk());
            s.setString(2, key.register());
            s.setTimestamp(3, Timestamp.from(cutoff));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long energy = rs.getLong(1);
                    if (energy > 0) {
                        for (QuarterHours.Share share : QuarterHours.split(energy, rs.getTimestamp(2).toInstant(),
                                rs.getTimestamp(3).toInstant())) {
                            bucketDeltas.merge(share.start(), -share.mwh(), Long::sum);
                        }
                    }
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM energy_checkpoint WHERE device_pk = ?"
                + " AND register = ? AND through > ?")) {
            s.setLong(1, key.devicePk());
            s.setString(2, key.register());
            s.setTimestamp(3, Timestamp.from(cutoff));
            s.executeUpdate();
        }
    }

    private void replay(Connection c, ReadingKey key, Instant cutoff, Optional<CounterState> from,
                        Map<Instant, Long> bucketDeltas) throws SQLException {
        CounterAccountant accountant = new CounterAccountant(policy(c, key.devicePk()));
        Optional<CounterState> state = from;
        StringBuilder events = new StringBuilder();
        List<Checkpoint> checkpoints = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT at, value_mwh, boot, uptime_seconds, reset"
                + " FROM energy_reading WHERE device_pk = ? AND register = ? AND at > ? ORDER BY at, value_mwh")) {
            s.setLong(1, key.devicePk());
            s.setString(2, key.register());
            s.setTimestamp(3, Timestamp.from(cutoff));
            s.setFetchSize(10_000);
            try (ResultSet rs = s.executeQuery()) {
                CounterReading previous = null;
                while (rs.next()) {
                    CounterReading reading = reading(rs);
                    if (previous != null && utcDay(previous.at()) != utcDay(reading.at())) {
                        checkpoints.add(new Checkpoint(previous.at(), state.orElseThrow()));
                    }
                    CounterAccountant.Step step = state.isEmpty() ? accountant.first(reading)
                            : accountant.next(state.get(), reading);
                    state = Optional.of(step.state());
                    for (AccountingEvent e : step.events()) {
                        appendEvent(events, key, reading.at(), e);
                        for (QuarterHours.Share share : e.allocation()) {
                            bucketDeltas.merge(share.start(), share.mwh(), Long::sum);
                        }
                    }
                    previous = reading;
                }
                if (previous != null) {
                    checkpoints.add(new Checkpoint(previous.at(), state.orElseThrow()));
                }
            }
        }
        CopyRows.copy(c, "COPY energy_event (device_pk, register, decided_at, at, kind, epoch, from_mwh, to_mwh, energy_mwh,"
                + " interval_start, evidence) FROM STDIN", events);
        saveCheckpoints(c, key, checkpoints);
    }

    private static long utcDay(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), 86_400);
    }

    private static CounterReading reading(ResultSet rs) throws SQLException {
        long boot = rs.getLong(3);
        OptionalLong bootCount = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(boot);
        long uptime = rs.getLong(4);
        OptionalLong uptimeSeconds = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(uptime);
        return new CounterReading(rs.getTimestamp(1).toInstant(), rs.getLong(2), bootCount, uptimeSeconds,
                rs.getBoolean(5));
    }

    private static AccountingPolicy policy(Connection c, long devicePk) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT quantum_mwh FROM device WHERE pk = ?")) {
            s.setLong(1, devicePk);
            try (ResultSet rs = s.executeQuery()) {
                long quantum = rs.next() ? rs.getLong(1) : 0;
                return AccountingPolicy.forQuantum(quantum > 0 ? quantum : 1);
            }
        }
    }

    private static void appendEvent(StringBuilder rows, ReadingKey key, Instant decidedAt, AccountingEvent e) {
        rows.append(key.devicePk()).append('\t').append(CopyRows.escape(key.register())).append('\t')
                .append(decidedAt).append('\t').append(e.at()).append('\t').append(e.kind().name()).append('\t')
                .append(e.epoch()).append('\t').append(e.fromMwh()).append('\t').append(e.toMwh()).append('\t')
                .append(e.energyMwh()).append('\t').append(e.intervalStart()).append('\t')
                .append(CopyRows.escape(e.evidence())).append('\n');
    }

    private void saveCheckpoints(Connection c, ReadingKey key, List<Checkpoint> checkpoints) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO energy_checkpoint (device_pk, register, through,"
                + " state) VALUES (?, ?, ?, ?)")) {
            for (Checkpoint checkpoint : checkpoints) {
                s.setLong(1, key.devicePk());
                s.setString(2, key.register());
                s.setTimestamp(3, Timestamp.from(checkpoint.through()));
                s.setString(4, codec.write(checkpoint.state()));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private void applyBucketDeltas(Connection c, long devicePk, Map<Instant, Long> deltas, Attribution who)
            throws SQLException {
        // one COPY and one statement rather than a row of parameters per quarter hour
        StringBuilder rows = new StringBuilder(deltas.size() * 32);
        Instant first = null;
        Instant last = null;
        for (Map.Entry<Instant, Long> delta : deltas.entrySet()) {
            if (delta.getValue() != 0) {
                rows.append(delta.getKey()).append('\t').append(delta.getValue()).append('\n');
                first = first == null || delta.getKey().isBefore(first) ? delta.getKey() : first;
                last = last == null || delta.getKey().isAfter(last) ? delta.getKey() : last;
            }
        }
        if (first != null) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE IF NOT EXISTS staged_bucket (start TIMESTAMPTZ, mwh BIGINT)"
                        + " ON COMMIT DELETE ROWS");
            }
            CopyRows.copy(c, "COPY staged_bucket FROM STDIN", rows);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO energy_bucket AS b (device_pk, start, mwh)"
                    + " SELECT ?, start, mwh FROM staged_bucket ORDER BY start"
                    + " ON CONFLICT (device_pk, start) DO UPDATE SET mwh = b.mwh + excluded.mwh")) {
                s.setLong(1, devicePk);
                s.executeUpdate();
            }
            // only the buckets just changed can have come to zero
            try (PreparedStatement s = c.prepareStatement("DELETE FROM energy_bucket WHERE device_pk = ?"
                    + " AND start BETWEEN ? AND ? AND mwh = 0")) {
                s.setLong(1, devicePk);
                s.setTimestamp(2, Timestamp.from(first));
                s.setTimestamp(3, Timestamp.from(last));
                s.executeUpdate();
            }
        }
        Rollups.add(c, devicePk, Rollups.coverageOf(c, devicePk), deltas, finality, who);
    }
}
