package zmai.fleet.embedded;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import zmai.core.history.HistoryFormat;
import zmai.core.meter.ChipFamily;
import zmai.fleet.device.Device;
import zmai.fleet.energy.Circuit;
import zmai.fleet.energy.CircuitPlan;
import zmai.fleet.energy.ReadingImport;
import zmai.fleet.firmware.FirmwareStore;
import zmai.meter.virtual.OtaImageCommand;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the demo fleet finds in the database besides its live meters: a firmware image to roll out, names and
 * tags, circuits with their meters, and two months of readings. Each part is added only where it is missing, so
 * the demo can start again on the same data without doubling anything.
 */
@ApplicationScoped
public class DemoSeed {

    static final String BY = "demo";
    static final String FIRMWARE_VERSION = "1.18.300";
    private static final int FIRMWARE_SIZE = 300_000;
    // a fixed package date keeps the demo image's bytes, and so its id, the same on every start
    private static final long FIRMWARE_TIMESTAMP = Instant.parse("2025-06-01T12:00:00Z").getEpochSecond();

    private final FirmwareStore firmware;
    private final ReadingImport readings;
    private final CircuitPlan circuits;
    private final AgroalDataSource db;

    DemoSeed(FirmwareStore firmware, ReadingImport readings, CircuitPlan circuits, AgroalDataSource db) {
        this.firmware = firmware;
        this.readings = readings;
        this.circuits = circuits;
        this.db = db;
    }

    /** Stores the demo's OTA image unless it is there; true when stored now. */
    boolean firmware() {
        String name = OtaImageCommand.fileName(ChipFamily.BK7231N, FIRMWARE_VERSION);
        if (firmware.hasFile(name)) {
            return false;
        }
        firmware.addFile(name, OtaImageCommand.fillerPackage(FIRMWARE_VERSION, FIRMWARE_SIZE, FIRMWARE_TIMESTAMP),
                BY);
        return true;
    }

    /**
     * What the server last knew of a meter, which a real meter would have kept in flash across the demo's
     * restarts: its energy total in mWh (null before any) and its firmware version (null before it reported one).
     */
    record LastKnown(Long counterMilliWh, String firmwareVersion) {
    }

    /** The last known state of each of {@code ids} that has a device row. */
    Map<String, LastKnown> lastKnown(List<String> ids) throws SQLException {
        Map<String, LastKnown> found = new HashMap<>();
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT d.id, (SELECT r.value_mwh FROM energy_reading r"
                     + " WHERE r.device_pk = d.pk AND r.register = 'energy_total' ORDER BY r.at DESC LIMIT 1),"
                     + " d.firmware_version FROM device d WHERE d.id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), new LastKnown(rs.getObject(2, Long.class), rs.getString(3)));
                }
            }
        }
        return found;
    }

    /** Those of {@code ids} the tracker has stored as meters it heard from. */
    Set<String> heardFrom(List<String> ids) throws SQLException {
        Set<String> found = new HashSet<>();
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id FROM device WHERE id = ANY (?)"
                     + " AND topic IS NOT NULL")) {
            s.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        return found;
    }

    /**
     * Names and tags for meters that have neither; returns how many got them. One row per statement, and only
     * those two columns: the tracker writes the same rows meanwhile, and neither may wait on the other.
     */
    int place(Map<String, DemoFleet.Placement> placements) throws SQLException {
        int placed = 0;
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE device SET name = ?, tags = ? WHERE id = ?"
                     + " AND name IS NULL AND coalesce(cardinality(tags), 0) = 0")) {
            c.setAutoCommit(true);
            for (Map.Entry<String, DemoFleet.Placement> e : placements.entrySet()) {
                s.setString(1, e.getValue().name());
                s.setArray(2, c.createArrayOf("text", e.getValue().tags().toArray()));
                s.setString(3, e.getKey());
                placed += s.executeUpdate();
            }
        }
        return placed;
    }

    /**
     * The demo circuits with their meters from {@code from} on, open-ended; only when there are no circuits at all,
     * so a person's own circuits are never mixed with the demo's. Returns the assignments made.
     */
    int circuits(Map<String, DemoFleet.Placement> placements, Instant from) {
        Map<String, Circuit> created = QuarkusTransaction.requiringNew().call(() -> {
            Map<String, Circuit> byName = new LinkedHashMap<>();
            if (Circuit.count() == 0) {
                for (String name : DemoFleet.CIRCUITS) {
                    byName.put(name, circuits.create(name, ZoneId.of(DemoFleet.TIMEZONE)));
                }
            }
            return byName;
        });
        int assigned = 0;
        for (Map.Entry<String, DemoFleet.Placement> e : placements.entrySet()) {
            Optional<Circuit> circuit = e.getValue().circuit().map(created::get);
            if (circuit.isPresent()) {
                // one meter per transaction, as the API does: the tracker updates these device rows meanwhile
                assigned += QuarkusTransaction.requiringNew().call(() -> Device.byId(e.getKey()).map(device -> {
                    circuits.assign(Circuit.findById(circuit.get().pk), device, from, Optional.empty(), BY);
                    return 1;
                }).orElse(0));
            }
        }
        return assigned;
    }

    /**
     * Imports each history whose device has no total stored before the history's end, through the same path as
     * {@code POST /api/readings}; returns how many devices got theirs.
     */
    int history(List<DemoHistory> histories) throws SQLException, IOException {
        StringBuilder body = new StringBuilder();
        int devices = 0;
        for (DemoHistory h : histories) {
            if (!hasTotalBefore(h.device(), h.to())) {
                body.append(h.ndjson());
                devices++;
            }
        }
        if (devices > 0) {
            readings.run(new ByteArrayInputStream(body.toString().getBytes(StandardCharsets.UTF_8)),
                    Optional.of(HistoryFormat.NDJSON), BY);
        }
        return devices;
    }

    private boolean hasTotalBefore(String id, Instant end) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT 1 FROM energy_reading r JOIN device d ON d.pk ="
                     + " r.device_pk WHERE d.id = ? AND r.register = 'energy_total' AND r.at < ? LIMIT 1")) {
            s.setString(1, id);
            s.setTimestamp(2, Timestamp.from(end));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }
}
