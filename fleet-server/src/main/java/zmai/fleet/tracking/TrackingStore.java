package zmai.fleet.tracking;

import zmai.core.energy.ChannelRegister;
import zmai.core.energy.CounterReading;
import zmai.core.energy.CounterUnit;
import zmai.core.history.HistoryReading;
import zmai.fleet.db.CopyRows;
import zmai.fleet.energy.ReadingStore;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Loads what the tracker starts from, and writes one batch of {@link TrackingChanges} in one transaction: latest
 * states as a multi-row upsert, events through {@code COPY}, energy readings through {@link ReadingStore}. Either all of it is durable or none is.
 */
public final class TrackingStore {

    private static final String UPSERT = """
            INSERT INTO device (id, topic, mac, dialect, first_seen, last_seen, online, build, firmware_version, chip,
                                ip, rssi, uptime_seconds, free_heap, voltage, current_amps, power_watts, relay_on,
                                reboots, conflict, boot_marker, energy_cleared_at, energycounter_unit_declared,
                                energy_total_basis)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET topic = excluded.topic, mac = excluded.mac, last_seen = excluded.last_seen,
                online = excluded.online, build = excluded.build, firmware_version = excluded.firmware_version,
                chip = excluded.chip, ip = excluded.ip, rssi = excluded.rssi, uptime_seconds = excluded.uptime_seconds,
                free_heap = excluded.free_heap, voltage = excluded.voltage, current_amps = excluded.current_amps,
                power_watts = excluded.power_watts, relay_on = excluded.relay_on, reboots = excluded.reboots,
                conflict = excluded.conflict, boot_marker = excluded.boot_marker,
                energy_cleared_at = excluded.energy_cleared_at,
                energycounter_unit_declared = excluded.energycounter_unit_declared,
                energy_total_basis = excluded.energy_total_basis
            """;

    private final DataSource dataSource;

    public TrackingStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    public List<TrackingChanges.DeviceState> loadAll() throws SQLException {
        List<TrackingChanges.DeviceState> states = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id, topic, mac, dialect, first_seen, last_seen, online,"
                     + " build, firmware_version, chip, ip, rssi, uptime_seconds, free_heap, voltage, current_amps,"
                     + " power_watts, relay_on, reboots, conflict, boot_marker, energy_cleared_at,"
                     + " energycounter_unit_declared, energy_total_basis, energycounter_unit, energy_channel,"
                     + " energy_channel_divider, energy_channel_unit FROM device"
                     + " WHERE topic IS NOT NULL");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                states.add(new TrackingChanges.DeviceState(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(),
                        rs.getBoolean(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                        rs.getObject(12, Integer.class), rs.getObject(13, Long.class), rs.getObject(14, Long.class),
                        rs.getBigDecimal(15), rs.getBigDecimal(16), rs.getBigDecimal(17),
                        rs.getObject(18, Boolean.class), rs.getInt(19), rs.getString(20), rs.getLong(21),
                        rs.getTimestamp(22) == null ? null : rs.getTimestamp(22).toInstant(), unit(rs.getString(23)),
                        rs.getString(24), energySettings(rs)));
            }
        }
        return states;
    }

    /** The operator's settings in columns 25-28 of {@link #loadAll}'s query. */
    private static EnergySettings energySettings(ResultSet rs) throws SQLException {
        Integer channel = rs.getObject(26, Integer.class);
        return new EnergySettings(Optional.ofNullable(unit(rs.getString(25))), channel == null ? Optional.empty()
                : Optional.of(new ChannelRegister(channel, rs.getLong(27), unit(rs.getString(28)))));
    }

    private static CounterUnit unit(String symbol) {
        return symbol == null ? null : CounterUnit.fromSymbol(symbol).orElseThrow(
                () -> new IllegalStateException("unknown energy unit in the database: " + symbol));
    }

    public void write(TrackingChanges changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                rekey(c, changes.rekeys());
                upsert(c, changes.devices());
                merge(c, changes.merges());
                Map<String, Long> pks = primaryKeys(c, changes);
                copyEvents(c, changes.events(), pks);
                ReadingStore.merge(c, readings(changes.samples()), pks);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void rekey(Connection c, List<TrackingChanges.Rekey> rekeys) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE device SET id = ? WHERE id = ?")) {
            for (TrackingChanges.Rekey r : rekeys) {
                s.setString(1, r.toId());
                s.setString(2, r.fromId());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void upsert(Connection c, List<TrackingChanges.DeviceState> devices) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(UPSERT)) {
            for (TrackingChanges.DeviceState d : devices) {
                s.setString(1, d.id());
                s.setString(2, d.topic());
                s.setString(3, d.mac());
                s.setString(4, d.dialect());
                s.setTimestamp(5, Timestamp.from(d.firstSeen()));
                s.setTimestamp(6, Timestamp.from(d.lastSeen()));
                s.setBoolean(7, d.online());
                s.setString(8, d.build());
                s.setString(9, d.firmwareVersion());
                s.setString(10, d.chip());
                s.setString(11, d.ip());
                s.setObject(12, d.rssi(), Types.INTEGER);
                s.setObject(13, d.uptimeSeconds(), Types.BIGINT);
                s.setObject(14, d.freeHeap(), Types.BIGINT);
                s.setBigDecimal(15, d.voltage());
                s.setBigDecimal(16, d.current());
                s.setBigDecimal(17, d.power());
                s.setObject(18, d.relayOn(), Types.BOOLEAN);
                s.setInt(19, d.reboots());
                s.setString(20, d.conflict());
                s.setLong(21, d.bootMarker());
                s.setTimestamp(22, d.energyClearedAt() == null ? null : Timestamp.from(d.energyClearedAt()));
                s.setString(23, d.declaredUnit() == null ? null : d.declaredUnit().symbol());
                s.setString(24, d.totalBasis());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    // the provisional device's history and readings move to the device it turned out to be; its accounting is
    // dropped with it and the readings are accounted again under the merged device
    private static void merge(Connection c, List<TrackingChanges.Merge> merges) throws SQLException {
        for (TrackingChanges.Merge m : merges) {
            execute(c, "UPDATE device_event SET device_pk = (SELECT pk FROM device WHERE id = ?)"
                    + " WHERE device_pk = (SELECT pk FROM device WHERE id = ?)", m.intoId(), m.fromId());
            execute(c, "INSERT INTO accounting_due AS d (device_pk, register, from_at)"
                    + " SELECT (SELECT pk FROM device WHERE id = ?), register, min(at) FROM energy_reading"
                    + " WHERE device_pk = (SELECT pk FROM device WHERE id = ?) AND register = 'energy_total'"
                    + " GROUP BY register" + ReadingStore.STILL_DUE,
                    m.intoId(), m.fromId());
            execute(c, "INSERT INTO energy_reading (device_pk, register, at, value_mwh, boot, uptime_seconds, reset,"
                    + " received_at) SELECT (SELECT pk FROM device WHERE id = ?), register, at, value_mwh, boot,"
                    + " uptime_seconds, reset, received_at FROM energy_reading"
                    + " WHERE device_pk = (SELECT pk FROM device WHERE id = ?) ON CONFLICT DO NOTHING",
                    m.intoId(), m.fromId());
            execute(c, "DELETE FROM device WHERE id = ?", m.fromId());
        }
    }

    private static void execute(Connection c, String sql, String... parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setString(i + 1, parameters[i]);
            }
            s.executeUpdate();
        }
    }

    private static Map<String, Long> primaryKeys(Connection c, TrackingChanges changes) throws SQLException {
        String[] ids = java.util.stream.Stream.concat(changes.events().stream().map(TrackingChanges.Event::deviceId),
                        changes.samples().stream().map(TrackingChanges.EnergySample::deviceId))
                .distinct().toArray(String[]::new);
        Map<String, Long> pks = new HashMap<>();
        if (ids.length == 0) {
            return pks;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT id, pk FROM device WHERE id = ANY (?)")) {
            Array array = c.createArrayOf("text", ids);
            s.setArray(1, array);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    pks.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return pks;
    }

    private static void copyEvents(Connection c, List<TrackingChanges.Event> events, Map<String, Long> pks)
            throws SQLException {
        copy(c, "COPY device_event (device_pk, at, kind, detail) FROM STDIN", events, pks,
                TrackingChanges.Event::deviceId,
                e -> List.of(e.at().toString(), e.kind().name(), CopyRows.escape(e.detail())));
    }

    private static List<HistoryReading> readings(List<TrackingChanges.EnergySample> samples) {
        return samples.stream().map(s -> new HistoryReading(s.deviceId(), s.register(), s.unit(),
                reading(s))).toList();
    }

    private static CounterReading reading(TrackingChanges.EnergySample s) {
        CounterReading reading = CounterReading.of(s.receivedAt(), s.valueMwh()).withBootCount(s.bootMarker());
        return s.reset() ? reading.asReset() : reading;
    }

    /** One {@code COPY} of rows that start with their device's primary key; rows of a vanished device are skipped. */
    private static <T> void copy(Connection c, String sql, List<T> items, Map<String, Long> pks,
                                 Function<T, String> deviceId, Function<T, List<String>> columns) throws SQLException {
        StringBuilder rows = new StringBuilder();
        for (T item : items) {
            Long pk = pks.get(deviceId.apply(item));
            if (pk != null) {
                rows.append(pk);
                for (String column : columns.apply(item)) {
                    rows.append('\t').append(column);
                }
                rows.append('\n');
            }
        }
        CopyRows.copy(c, sql, rows);
    }

}
