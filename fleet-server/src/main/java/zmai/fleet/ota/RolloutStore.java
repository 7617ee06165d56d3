package zmai.fleet.ota;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import zmai.core.meter.ChipFamily;
import zmai.core.ota.OtaState;
import zmai.core.ota.WavePlan;
import zmai.fleet.audit.AuditLog;
import zmai.fleet.config.FleetConfig;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Rollouts as a whole: created, read, and moved by operators; every change audited in its own transaction. */
@ApplicationScoped
public class RolloutStore {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** The device states that hold a device for its rollout, as an SQL list; derived so they cannot drift. */
    static final String ACTIVE_DEVICE_STATES = sqlList(s -> !s.isTerminal());
    /** The device states of a device that was commanded and has not ended, as an SQL list. */
    static final String IN_FLIGHT_STATES = sqlList(OtaState::isInFlight);

    private static String sqlList(java.util.function.Predicate<OtaState> which) {
        return java.util.Arrays.stream(OtaState.values()).filter(which).map(s -> "'" + s.name() + "'")
                .collect(java.util.stream.Collectors.joining(", ", "(", ")"));
    }

    private final AgroalDataSource dataSource;
    private final DeviceSelection selection;
    private final FleetConfig config;

    RolloutStore(AgroalDataSource dataSource, DeviceSelection selection, FleetConfig config) {
        this.dataSource = dataSource;
        this.selection = selection;
        this.config = config;
    }

    /** The image a rollout would send; 422 unless it is an uploaded OTA package. */
    record Image(String id, String filename, ChipFamily chip, String version, long size) {
    }

    Image image(Connection c, String firmwareId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id, filename, chip, version, size, kind FROM firmware WHERE id = ?")) {
            s.setString(1, firmwareId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no firmware with id '" + firmwareId + "'");
                }
                if (!"ota".equals(rs.getString(6))) {
                    throw new IllegalArgumentException("firmware " + firmwareId + " (" + rs.getString(2)
                            + ") is a serial image for the flasher; a rollout sends an .rbl OTA package");
                }
                return new Image(rs.getString(1), rs.getString(2), ChipFamily.valueOf(rs.getString(3)),
                        rs.getString(4), rs.getLong(5));
            }
        }
    }

    @Transactional
    public RolloutRow create(RolloutRequest request, String by) throws SQLException {
        RolloutSpec spec = RolloutSpec.of(request, config.ota());
        Instant now = Instant.now();
        try (Connection c = dataSource.getConnection()) {
            Image image = image(c, spec.firmwareId());
            List<DeviceSelection.Candidate> devices = selection.resolve(c, request, image.chip());
            DeviceSelection.requireFree(c, devices);
            WavePlan plan = WavePlan.of(devices.size(), spec.canary(), spec.waves());
            String id = randomHex(8);
            long pk;
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO rollout (id, firmware_id, filename, chip, target_version, image_size, state,
                        created_at, created_by, wave_ends, max_concurrent, failure_threshold_percent,
                        success_threshold_percent, fetch_timeout_ms, device_timeout_ms, min_rssi, url_token, push_url)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING pk""")) {
                s.setString(1, id);
                s.setString(2, image.id());
                s.setString(3, image.filename());
                s.setString(4, image.chip().name());
                s.setString(5, image.version());
                s.setLong(6, image.size());
                s.setString(7, (spec.start() ? RolloutState.RUNNING : RolloutState.READY).name());
                s.setTimestamp(8, Timestamp.from(now));
                s.setString(9, by);
                s.setArray(10, c.createArrayOf("integer", plan.ends().toArray()));
                s.setInt(11, spec.maxConcurrent());
                s.setInt(12, spec.failureThresholdPercent());
                s.setInt(13, spec.successThresholdPercent());
                s.setLong(14, spec.fetchTimeout().toMillis());
                s.setLong(15, spec.deviceTimeout().toMillis());
                s.setObject(16, spec.minRssi().isPresent() ? spec.minRssi().getAsInt() : null,
                        java.sql.Types.INTEGER);
                s.setString(17, randomHex(16));
                s.setString(18, spec.push().map(DeviceUrl::template).orElse(null));
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    pk = rs.getLong(1);
                }
            }
            RolloutDevices.enqueue(c, pk, devices, plan, now, "selected by " + by);
            AuditLog.append(c, now, by, "rollout.create", "rollout " + id, image.filename() + " to "
                    + devices.size() + " devices in " + plan.waves() + " waves" + (spec.start() ? ", started" : ""));
            return find(c, id).orElseThrow();
        }
    }

    public List<RolloutRow> list() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + RolloutRow.COLUMNS
                     + " FROM rollout ORDER BY created_at DESC, pk DESC")) {
            List<RolloutRow> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(RolloutRow.read(rs));
                }
            }
            return rows;
        }
    }

    public RolloutRow get(String id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return find(c, id).orElseThrow(() -> notFound(id));
        }
    }

    static Optional<RolloutRow> find(Connection c, String id) throws SQLException {
        return one(c, "SELECT " + RolloutRow.COLUMNS + " FROM rollout WHERE id = ?", id);
    }

    /** The row, locked until the transaction ends: the engine and operators change a rollout one at a time. */
    static Optional<RolloutRow> lock(Connection c, String id) throws SQLException {
        return one(c, "SELECT " + RolloutRow.COLUMNS + " FROM rollout WHERE id = ? FOR UPDATE", id);
    }

    private static Optional<RolloutRow> one(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(RolloutRow.read(rs)) : Optional.empty();
            }
        }
    }

    @Transactional
    public RolloutRow start(String id, String by) throws SQLException {
        return change(id, by, "rollout.start", (c, r, now) -> {
            require(r, r.state() == RolloutState.READY, "only a rollout that has not started can be started");
            return Change.keepingWave(r, RolloutState.RUNNING, null, "started");
        });
    }

    @Transactional
    public RolloutRow pause(String id, String by) throws SQLException {
        return change(id, by, "rollout.pause", (c, r, now) -> {
            require(r, r.state() == RolloutState.RUNNING, "only a running rollout can be paused");
            return Change.keepingWave(r, RolloutState.PAUSED, "paused by " + by,
                    "paused; devices already updating finish");
        });
    }

    /** Failures the wave has had so far are accepted: only new ones count against its threshold. */
    @Transactional
    public RolloutRow resume(String id, String by) throws SQLException {
        return change(id, by, "rollout.resume", (c, r, now) -> {
            require(r, r.state() == RolloutState.PAUSED, "only a paused rollout can be resumed");
            int accepted = RolloutDevices.updateFailures(c, r.pk(), r.currentWave());
            return new Change(RolloutState.RUNNING, null, r.currentWave(), accepted,
                    "resumed, accepting " + accepted + " failures of wave " + r.currentWave());
        });
    }

    @Transactional
    public RolloutRow cancel(String id, String by) throws SQLException {
        return change(id, by, "rollout.cancel", (c, r, now) -> {
            require(r, r.state().holdsDevices(), "the rollout is over already");
            int cancelled = RolloutDevices.cancelWaiting(c, r.pk(), now, "rollout cancelled by " + by);
            return Change.keepingWave(r, RolloutState.CANCELLED, "cancelled by " + by, "cancelled; " + cancelled
                    + " devices not yet commanded will not be, devices already updating finish");
        });
    }

    /** Failed devices are queued again (a device another rollout has taken meanwhile stays failed). */
    @Transactional
    public RolloutRow retryFailed(String id, String by) throws SQLException {
        return change(id, by, "rollout.retry-failed", (c, r, now) -> {
            require(r, r.state() != RolloutState.CANCELLED, "a cancelled rollout cannot be retried");
            RolloutDevices.Requeued again = RolloutDevices.requeueFailed(c, r.pk(), now, "retry requested by " + by);
            if (again.count() == 0) {
                throw new WebApplicationException("rollout " + id + " has no failed device that is free to retry",
                        Response.Status.CONFLICT);
            }
            RolloutState next = r.state() == RolloutState.FINISHED ? RolloutState.RUNNING : r.state();
            return new Change(next, next == RolloutState.PAUSED ? r.stateReason().orElse(null) : null,
                    Math.min(r.currentWave(), again.lowestWave()), 0, again.count() + " failed devices queued again");
        });
    }

    private record Change(RolloutState to, String reason, int currentWave, int acknowledgedFailures, String detail) {
        static Change keepingWave(RolloutRow r, RolloutState to, String reason, String detail) {
            return new Change(to, reason, r.currentWave(), r.acknowledgedFailures(), detail);
        }
    }

    private interface Decision {
        Change decide(Connection c, RolloutRow current, Instant now) throws SQLException;
    }

    private RolloutRow change(String id, String by, String action, Decision decision) throws SQLException {
        Instant now = Instant.now();
        try (Connection c = dataSource.getConnection()) {
            RolloutRow r = lock(c, id).orElseThrow(() -> notFound(id));
            Change change = decision.decide(c, r, now);
            write(c, r.pk(), change.to(), change.reason(), change.currentWave(), change.acknowledgedFailures(), now);
            AuditLog.append(c, now, by, action, "rollout " + id, change.detail());
            return find(c, id).orElseThrow();
        }
    }

    static void write(Connection c, long pk, RolloutState to, String reason, int currentWave, int acknowledged,
                      Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE rollout SET state = ?, state_reason = ?,"
                + " current_wave = ?, acknowledged_failures = ?, finished_at = ? WHERE pk = ?")) {
            s.setString(1, to.name());
            s.setString(2, reason);
            s.setInt(3, currentWave);
            s.setInt(4, acknowledged);
            s.setTimestamp(5, to.holdsDevices() ? null : Timestamp.from(now));
            s.setLong(6, pk);
            s.executeUpdate();
        }
    }

    /** Refuses to delete an image that a rollout still holds devices for, or that devices are fetching. */
    public static void requireUnused(Connection c, String firmwareId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT r.id FROM rollout r WHERE r.firmware_id = ?"
                + " AND (r.state IN ('READY', 'RUNNING', 'PAUSED') OR EXISTS (SELECT 1 FROM rollout_device rd"
                + " WHERE rd.rollout_pk = r.pk AND rd.state IN " + ACTIVE_DEVICE_STATES + ")) ORDER BY r.id")) {
            s.setString(1, firmwareId);
            List<String> using = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    using.add(rs.getString(1));
                }
            }
            if (!using.isEmpty()) {
                throw new WebApplicationException("firmware " + firmwareId + " is in use by rollout "
                        + String.join(", ", using) + "; cancel or finish it first", Response.Status.CONFLICT);
            }
        }
    }

    private static void require(RolloutRow r, boolean ok, String why) {
        if (!ok) {
            throw new WebApplicationException(why + "; rollout " + r.id() + " is " + r.state(),
                    Response.Status.CONFLICT);
        }
    }

    static NotFoundException notFound(String id) {
        return new NotFoundException("no rollout with id '" + id + "'");
    }

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
