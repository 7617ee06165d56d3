package zmai.fleet.ota;

import zmai.core.firmware.FirmwareVersion;
import zmai.core.ota.DeviceSignal;
import zmai.core.ota.ImageDownload;
import zmai.core.ota.OtaProgress;
import zmai.core.ota.OtaState;

import java.sql.Array;
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

/** The commanded devices of one rollout, with what the image server and MQTT have said about each since. */
final class InFlight {

    /** {@code id}, {@code topic} and {@code ip} are null for a device deleted since it was commanded. */
    record Device(long pk, int attempt, OtaProgress progress, String id, String topic, String ip) {
    }

    private InFlight() {
    }

    static List<Device> load(Connection c, RolloutRow rollout) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT rd.device_pk, rd.attempt, rd.state, rd.commanded_at, rd.download_started_at,
                    rd.download_ended_at, rd.download_complete, rd.bytes_sent, d.firmware_version, d.id, d.topic, d.ip,
                    d.last_seen, rd.state_at
                FROM rollout_device rd LEFT JOIN device d ON d.pk = rd.device_pk
                WHERE rd.rollout_pk = ? AND rd.state IN """ + RolloutStore.IN_FLIGHT_STATES)) {
            s.setLong(1, rollout.pk());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(Row.read(rs, rollout.imageSize()));
                }
            }
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, List<DeviceSignal>> signals = signals(c, rows);
        List<Device> devices = new ArrayList<>(rows.size());
        for (Row r : rows) {
            List<DeviceSignal> since = new ArrayList<>(signals.getOrDefault(r.pk, List.of()));
            r.lastSeen.ifPresent(at -> since.add(new DeviceSignal(DeviceSignal.Kind.HEARD, at, "heard from at " + at)));
            since.removeIf(s -> s.at().isBefore(r.commandedAt));
            since.sort(java.util.Comparator.comparing(DeviceSignal::at));
            devices.add(new Device(r.pk, r.attempt, new OtaProgress(r.state, Optional.of(r.commandedAt), r.download,
                    since, r.version, r.stateAt), r.id, r.topic, r.ip));
        }
        return devices;
    }

    private record Row(long pk, int attempt, OtaState state, Instant commandedAt, Optional<ImageDownload> download,
                       Optional<FirmwareVersion> version, String id, String topic, String ip,
                       Optional<Instant> lastSeen, Instant stateAt) {
        static Row read(ResultSet rs, long imageSize) throws SQLException {
            Timestamp started = rs.getTimestamp(5);
            Timestamp ended = rs.getTimestamp(6);
            Optional<ImageDownload> download = started == null ? Optional.empty() : Optional.of(new ImageDownload(
                    started.toInstant(), rs.getLong(8), imageSize, Optional.ofNullable(ended).map(Timestamp::toInstant),
                    ended != null && rs.getBoolean(7)));
            return new Row(rs.getLong(1), rs.getInt(2), OtaState.valueOf(rs.getString(3)),
                    rs.getTimestamp(4).toInstant(), download, InFlight.version(rs.getString(9)), rs.getString(10),
                    rs.getString(11), rs.getString(12),
                    Optional.ofNullable(rs.getTimestamp(13)).map(Timestamp::toInstant), rs.getTimestamp(14).toInstant());
        }
    }

    static Optional<FirmwareVersion> version(String text) {
        try {
            return Optional.ofNullable(text).map(FirmwareVersion::parse);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Map<Long, List<DeviceSignal>> signals(Connection c, List<Row> rows) throws SQLException {
        Instant earliest = rows.stream().map(Row::commandedAt).min(Instant::compareTo).orElseThrow();
        Map<Long, List<DeviceSignal>> byDevice = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT device_pk, kind, at, detail FROM device_event"
                + " WHERE device_pk = ANY (?) AND at >= ? AND kind IN ('ONLINE', 'OFFLINE', 'REBOOT')"
                + " ORDER BY at, pk")) {
            Array pks = c.createArrayOf("bigint", rows.stream().map(Row::pk).toArray());
            s.setArray(1, pks);
            s.setTimestamp(2, Timestamp.from(earliest));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    byDevice.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new DeviceSignal(
                            DeviceSignal.Kind.valueOf(rs.getString(2)), rs.getTimestamp(3).toInstant(),
                            rs.getString(4)));
                }
            }
        }
        return byDevice;
    }
}
