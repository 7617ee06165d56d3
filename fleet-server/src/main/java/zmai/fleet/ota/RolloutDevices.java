package zmai.fleet.ota;

import zmai.core.ota.OtaState;
import zmai.core.ota.OtaTransition;
import zmai.core.ota.WavePlan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The devices of rollouts and their state changes; each change is written together with its history row. */
final class RolloutDevices {

    /**
     * One device's move, guarded by the state it is expected to be in; {@code fromVersion}, when not null, records
     * the version the device ran before its update.
     */
    record Move(long devicePk, int attempt, OtaState from, OtaTransition transition, String fromVersion) {
    }

    /** Devices queued again by a retry, and the lowest wave among them. */
    record Requeued(int count, int lowestWave) {
    }

    private RolloutDevices() {
    }

    static void enqueue(Connection c, long rolloutPk, List<DeviceSelection.Candidate> devices, WavePlan plan,
                        Instant now, String evidence) throws SQLException {
        try (PreparedStatement d = c.prepareStatement("INSERT INTO rollout_device (rollout_pk, device_pk, device_id,"
                + " position, wave, state, state_at) VALUES (?, ?, ?, ?, ?, 'QUEUED', ?)")) {
            for (int i = 0; i < devices.size(); i++) {
                d.setLong(1, rolloutPk);
                d.setLong(2, devices.get(i).pk());
                d.setString(3, devices.get(i).id());
                d.setInt(4, i);
                d.setInt(5, plan.waveOf(i));
                d.setTimestamp(6, Timestamp.from(now));
                d.addBatch();
            }
            d.executeBatch();
        }
        try (PreparedStatement h = history(c)) {
            for (DeviceSelection.Candidate device : devices) {
                addHistory(h, rolloutPk, device.pk(), 1, new OtaTransition(OtaState.QUEUED, now, evidence));
            }
            h.executeBatch();
        }
    }

    /**
     * Applies the moves whose device is still in the expected state, and returns them. A move that lost a race (a
     * cancel, a retry) is dropped, so no device takes two paths.
     */
    static List<Move> apply(Connection c, long rolloutPk, List<Move> moves) throws SQLException {
        List<Move> applied = new ArrayList<>();
        try (PreparedStatement u = c.prepareStatement("UPDATE rollout_device SET state = ?, state_at = ?,"
                + " commanded_at = CASE WHEN ? THEN ? ELSE commanded_at END,"
                + " from_version = COALESCE(?, from_version)"
                + " WHERE rollout_pk = ? AND device_pk = ? AND attempt = ? AND state = ?");
             PreparedStatement h = history(c)) {
            for (Move m : moves) {
                OtaTransition t = m.transition();
                u.setString(1, t.to().name());
                u.setTimestamp(2, Timestamp.from(t.at()));
                u.setBoolean(3, t.to() == OtaState.COMMANDED);
                u.setTimestamp(4, Timestamp.from(t.at()));
                u.setString(5, m.fromVersion());
                u.setLong(6, rolloutPk);
                u.setLong(7, m.devicePk());
                u.setInt(8, m.attempt());
                u.setString(9, m.from().name());
                if (u.executeUpdate() == 1) {
                    addHistory(h, rolloutPk, m.devicePk(), m.attempt(), t);
                    applied.add(m);
                }
            }
            h.executeBatch();
        }
        return applied;
    }

    static void downloadStarted(Connection c, long rolloutPk, long devicePk, int attempt, Instant at)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE rollout_device SET download_started_at = ?"
                + " WHERE rollout_pk = ? AND device_pk = ? AND attempt = ?")) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setLong(2, rolloutPk);
            s.setLong(3, devicePk);
            s.setInt(4, attempt);
            s.executeUpdate();
        }
    }

    /** QUEUED devices become CANCELLED; devices already commanded are left to finish. */
    static int cancelWaiting(Connection c, long rolloutPk, Instant now, String evidence) throws SQLException {
        return bulk(c, rolloutPk, "UPDATE rollout_device SET state = 'CANCELLED', state_at = ?"
                + " WHERE rollout_pk = ? AND state IN ('QUEUED', 'PRECHECK') RETURNING device_pk, attempt, wave",
                new OtaTransition(OtaState.CANCELLED, now, evidence)).count();
    }

    static Requeued requeueFailed(Connection c, long rolloutPk, Instant now, String evidence) throws SQLException {
        return bulk(c, rolloutPk, "UPDATE rollout_device rd SET state = 'QUEUED', state_at = ?,"
                + " attempt = attempt + 1, commanded_at = NULL, download_started_at = NULL,"
                + " download_ended_at = NULL, download_complete = FALSE, bytes_sent = 0"
                + " WHERE rollout_pk = ? AND state LIKE 'FAILED\\_%' AND NOT EXISTS (SELECT 1 FROM rollout_device o"
                + " WHERE o.device_pk = rd.device_pk AND o.rollout_pk <> rd.rollout_pk AND o.state IN "
                + RolloutStore.ACTIVE_DEVICE_STATES + ") RETURNING device_pk, attempt, wave",
                new OtaTransition(OtaState.QUEUED, now, evidence));
    }

    private static Requeued bulk(Connection c, long rolloutPk, String update, OtaTransition t) throws SQLException {
        int count = 0;
        int lowestWave = Integer.MAX_VALUE;
        try (PreparedStatement u = c.prepareStatement(update); PreparedStatement h = history(c)) {
            u.setTimestamp(1, Timestamp.from(t.at()));
            u.setLong(2, rolloutPk);
            try (ResultSet rs = u.executeQuery()) {
                while (rs.next()) {
                    addHistory(h, rolloutPk, rs.getLong(1), rs.getInt(2), t);
                    lowestWave = Math.min(lowestWave, rs.getInt(3));
                    count++;
                }
            }
            h.executeBatch();
        }
        return new Requeued(count, lowestWave);
    }

    /** Update failures (not refused prechecks) in one wave. */
    static int updateFailures(Connection c, long rolloutPk, int wave) throws SQLException {
        return tally(c, rolloutPk).getOrDefault(wave, Map.of()).entrySet().stream()
                .filter(e -> e.getKey().isUpdateFailure()).mapToInt(Map.Entry::getValue).sum();
    }

    /** Devices per wave and state. */
    static Map<Integer, Map<OtaState, Integer>> tally(Connection c, long rolloutPk) throws SQLException {
        Map<Integer, Map<OtaState, Integer>> waves = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT wave, state, count(*) FROM rollout_device"
                + " WHERE rollout_pk = ? GROUP BY wave, state")) {
            s.setLong(1, rolloutPk);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    waves.computeIfAbsent(rs.getInt(1), w -> new EnumMap<>(OtaState.class))
                            .put(OtaState.valueOf(rs.getString(2)), rs.getInt(3));
                }
            }
        }
        return waves;
    }

    private static PreparedStatement history(Connection c) throws SQLException {
        return c.prepareStatement("INSERT INTO rollout_transition (rollout_pk, device_pk, attempt, at, state,"
                + " evidence) VALUES (?, ?, ?, ?, ?, ?)");
    }

    private static void addHistory(PreparedStatement h, long rolloutPk, long devicePk, int attempt, OtaTransition t)
            throws SQLException {
        h.setLong(1, rolloutPk);
        h.setLong(2, devicePk);
        h.setInt(3, attempt);
        h.setTimestamp(4, Timestamp.from(t.at()));
        h.setString(5, t.to().name());
        h.setString(6, t.evidence());
        h.addBatch();
    }
}
