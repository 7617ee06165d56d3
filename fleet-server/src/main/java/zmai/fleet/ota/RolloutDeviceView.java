package zmai.fleet.ota;

import com.fasterxml.jackson.annotation.JsonInclude;
import zmai.core.ota.OtaState;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One device of a rollout: where it is, how much of the image it got, and every state it went through. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutDeviceView(String device, int wave, int position, OtaState state, Instant stateAt, int attempt,
                                String fromVersion, Instant commandedAt, Instant downloadStartedAt,
                                Instant downloadEndedAt, long bytesSent, long imageSize, List<Step> history) {

    public record Step(Instant at, int attempt, OtaState state, String evidence) {
    }

    static List<RolloutDeviceView> page(Connection c, RolloutRow r, Optional<OtaState> state, Optional<Integer> wave,
                                        int limit, int offset) throws SQLException {
        List<RolloutDeviceView> rows = new ArrayList<>();
        List<Long> pks = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT device_pk, device_id, wave, position, state, state_at, attempt, from_version, commanded_at,
                    download_started_at, download_ended_at, bytes_sent
                FROM rollout_device WHERE rollout_pk = ? AND (CAST(? AS text) IS NULL OR state = ?) AND (CAST(? AS integer) IS NULL OR wave = ?)
                ORDER BY position LIMIT ? OFFSET ?""")) {
            s.setLong(1, r.pk());
            s.setString(2, state.map(Enum::name).orElse(null));
            s.setString(3, state.map(Enum::name).orElse(null));
            s.setObject(4, wave.orElse(null), java.sql.Types.INTEGER);
            s.setObject(5, wave.orElse(null), java.sql.Types.INTEGER);
            s.setInt(6, limit);
            s.setInt(7, offset);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    pks.add(rs.getLong(1));
                    rows.add(new RolloutDeviceView(rs.getString(2), rs.getInt(3), rs.getInt(4),
                            OtaState.valueOf(rs.getString(5)), instant(rs.getTimestamp(6)), rs.getInt(7),
                            rs.getString(8), instant(rs.getTimestamp(9)), instant(rs.getTimestamp(10)),
                            instant(rs.getTimestamp(11)), rs.getLong(12), r.imageSize(), List.of()));
                }
            }
        }
        Map<Long, List<Step>> history = history(c, r.pk(), pks);
        List<RolloutDeviceView> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            out.add(rows.get(i).with(history.getOrDefault(pks.get(i), List.of())));
        }
        return out;
    }

    private RolloutDeviceView with(List<Step> steps) {
        return new RolloutDeviceView(device, wave, position, state, stateAt, attempt, fromVersion, commandedAt,
                downloadStartedAt, downloadEndedAt, bytesSent, imageSize, steps);
    }

    private static Map<Long, List<Step>> history(Connection c, long rolloutPk, List<Long> devicePks)
            throws SQLException {
        Map<Long, List<Step>> steps = new HashMap<>();
        if (devicePks.isEmpty()) {
            return steps;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT device_pk, at, attempt, state, evidence"
                + " FROM rollout_transition WHERE rollout_pk = ? AND device_pk = ANY (?) ORDER BY pk")) {
            s.setLong(1, rolloutPk);
            s.setArray(2, c.createArrayOf("bigint", devicePks.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    steps.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Step(
                            rs.getTimestamp(2).toInstant(), rs.getInt(3), OtaState.valueOf(rs.getString(4)),
                            rs.getString(5)));
                }
            }
        }
        return steps;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
