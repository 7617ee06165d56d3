package zmai.fleet.ota;

import zmai.core.meter.ChipFamily;
import zmai.core.ota.Precheck;
import zmai.core.topic.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The next queued devices of a rollout's open waves, with what the precheck needs to know about each. */
final class Queued {

    /** {@code facts} is empty when the device has been deleted since it was selected. */
    record Device(long pk, String id, int attempt, String topic, Optional<Precheck.DeviceFacts> facts,
                  Optional<String> version) {
    }

    private Queued() {
    }

    static List<Device> next(Connection c, RolloutRow rollout, int limit) throws SQLException {
        List<Device> devices = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT rd.device_pk, rd.device_id, rd.attempt, d.pk, d.online, d.dialect, d.chip, d.firmware_version,
                    d.rssi, d.topic,
                    d.conflict IS NOT NULL OR EXISTS (SELECT 1 FROM device o WHERE o.topic = d.topic AND o.pk <> d.pk)
                FROM rollout_device rd LEFT JOIN device d ON d.pk = rd.device_pk
                WHERE rd.rollout_pk = ? AND rd.state = 'QUEUED' AND rd.wave <= ?
                ORDER BY rd.position LIMIT ?""")) {
            s.setLong(1, rollout.pk());
            s.setInt(2, rollout.currentWave());
            s.setInt(3, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    devices.add(read(rs));
                }
            }
        }
        return devices;
    }

    private static Device read(ResultSet rs) throws SQLException {
        rs.getLong(4);
        if (rs.wasNull()) {
            return new Device(rs.getLong(1), rs.getString(2), rs.getInt(3), null, Optional.empty(), Optional.empty());
        }
        int rssi = rs.getInt(9);
        OptionalInt signal = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(rssi);
        String version = rs.getString(8);
        Precheck.DeviceFacts facts = new Precheck.DeviceFacts(rs.getBoolean(5), Dialect.valueOf(rs.getString(6)),
                Optional.ofNullable(rs.getString(7)).flatMap(ChipFamily::fromName), InFlight.version(version),
                signal, rs.getBoolean(11));
        return new Device(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(10), Optional.of(facts),
                Optional.ofNullable(version));
    }
}
