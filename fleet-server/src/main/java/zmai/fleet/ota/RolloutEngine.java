package zmai.fleet.ota;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import zmai.core.meter.DeviceTopic;
import zmai.core.ota.OtaState;
import zmai.core.ota.OtaTransition;
import zmai.core.ota.Precheck;
import zmai.core.ota.WaveTally;
import zmai.core.topic.OutboundCommand;
import zmai.fleet.audit.AuditLog;
import zmai.fleet.config.FleetConfig;
import zmai.fleet.db.FailureStreak;
import zmai.fleet.ingest.BrokerUnavailableException;
import zmai.fleet.ingest.MqttIngest;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Moves every rollout on, once per tick: follows its commanded devices from evidence, judges the current wave
 * against its thresholds, and commands queued devices into the free slots. All state is in the database, so a
 * restarted server carries on where it stopped.
 *
 * <p>A command is committed as COMMANDED before it is published: a crash in between leaves a device that was
 * never told (and ends FAILED_NO_FETCH), never one told twice.
 */
@ApplicationScoped
public class RolloutEngine {

    private static final Logger LOG = Logger.getLogger(RolloutEngine.class);
    private final FailureStreak failures = new FailureStreak(LOG, "the rollout tick");

    private final AgroalDataSource dataSource;
    private final MqttIngest mqtt;
    private final ImageUrls urls;
    private final ImageDownloads downloads;
    private final ImagePush pusher;
    private final FleetConfig config;
    private final MeterRegistry metrics;
    private ScheduledExecutorService ticker;

    /** An {@code ota_http} to publish once its COMMANDED state is committed. */
    private record Command(String rolloutId, long rolloutPk, long devicePk, int attempt, OutboundCommand message) {
    }

    /** A push of the image to a meter that did not fetch it, to start once its DOWNLOADING state is committed. */
    private record Push(RolloutRow rollout, long devicePk, int attempt, URI device) {
    }

    /** What one pass over a rollout leaves to do after its transaction. */
    private record Work(List<Command> commands, List<Push> pushes) {
        static final Work NONE = new Work(List.of(), List.of());
    }

    RolloutEngine(AgroalDataSource dataSource, MqttIngest mqtt, ImageUrls urls, ImageDownloads downloads,
                  ImagePush pusher, FleetConfig config, MeterRegistry metrics) {
        this.pusher = pusher;
        this.dataSource = dataSource;
        this.mqtt = mqtt;
        this.urls = urls;
        this.downloads = downloads;
        this.config = config;
        this.metrics = metrics;
    }

    synchronized void start(@Observes StartupEvent event) throws SQLException {
        int cut = downloads.endInterrupted(Instant.now());
        if (cut > 0) {
            LOG.warnf("%d firmware downloads were cut off when the server stopped", cut);
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "rollout-engine"));
        long every = config.ota().tick().toMillis();
        ticker.scheduleWithFixedDelay(this::tickQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    synchronized void stop(@Observes ShutdownEvent event) {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }

    private void tickQuietly() {
        // after a restart the engine is up before the HTTP server: no device can be told where its image is yet
        if (!urls.known()) {
            return;
        }
        try {
            tick();
            failures.succeeded();
        } catch (RuntimeException | SQLException e) {
            failures.failed(e);
        }
    }

    /** One pass over every rollout that is running or still has devices updating. */
    public void tick() throws SQLException {
        for (String id : watched()) {
            try {
                Work work = QuarkusTransaction.requiringNew().call(() -> advance(id));
                work.commands().forEach(this::publish);
                work.pushes().forEach(this::push);
            } catch (RuntimeException e) {
                // one rollout that cannot move must not hold up the others
                LOG.errorf(e, "rollout %s: this pass failed; the next one tries again", id);
            }
        }
    }

    private List<String> watched() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT r.id FROM rollout r WHERE r.state = 'RUNNING'"
                     + " OR EXISTS (SELECT 1 FROM rollout_device rd WHERE rd.rollout_pk = r.pk AND rd.state IN"
                     + " " + RolloutStore.IN_FLIGHT_STATES + ") ORDER BY r.created_at")) {
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    private Work advance(String id) throws SQLException {
        Instant now = Instant.now();
        try (Connection c = dataSource.getConnection()) {
            RolloutRow r = RolloutStore.lock(c, id).orElseThrow();
            List<Push> pushes = follow(c, r, now);
            if (r.state() != RolloutState.RUNNING) {
                return new Work(List.of(), pushes);
            }
            r = judge(c, r, now);
            if (r.state() != RolloutState.RUNNING || !mqtt.isConnected()) {
                return new Work(List.of(), pushes);
            }
            return new Work(command(c, r, now), pushes);
        }
    }

    private List<Push> follow(Connection c, RolloutRow r, Instant now) throws SQLException {
        List<RolloutDevices.Move> moves = new ArrayList<>();
        List<Push> pushes = new ArrayList<>();
        for (InFlight.Device d : InFlight.load(c, r)) {
            OtaState from = d.progress().state();
            for (OtaTransition t : r.step(config.ota().verifyWindow()).advance(d.progress(), now)) {
                Optional<URI> device = t.to() == OtaState.FAILED_NO_FETCH
                        ? r.push().flatMap(p -> p.of(d.id(), d.topic(), d.ip())) : Optional.empty();
                if (device.isPresent()) {
                    // the fallback: the server sends the image itself, and watches that transfer instead
                    t = new OtaTransition(OtaState.DOWNLOADING, now, t.evidence() + "; pushing the image to "
                            + device.get() + "/api/ota instead");
                    pushes.add(new Push(r, d.pk(), d.attempt(), device.get()));
                }
                moves.add(new RolloutDevices.Move(d.pk(), d.attempt(), from, t, null));
                from = t.to();
            }
        }
        List<RolloutDevices.Move> applied = RolloutDevices.apply(c, r.pk(), moves);
        record(applied);
        List<Push> started = pushes.stream().filter(p -> applied.stream().anyMatch(m -> m.devicePk() == p.devicePk()
                && m.transition().to() == OtaState.DOWNLOADING)).toList();
        for (Push p : started) {
            RolloutDevices.downloadStarted(c, r.pk(), p.devicePk(), p.attempt(), now);
        }
        return started;
    }

    /** Pauses on too many failures, moves to the next wave when this one is done, finishes after the last. */
    private RolloutRow judge(Connection c, RolloutRow r, Instant now) throws SQLException {
        Map<Integer, Map<OtaState, Integer>> waves = RolloutDevices.tally(c, r.pk());
        RolloutRow current = r;
        while (true) {
            WaveTally tally = tally(current, waves.getOrDefault(current.currentWave(), Map.of()));
            WaveTally.Verdict verdict = tally.judge(current.failureThresholdPercent(),
                    current.successThresholdPercent());
            if (verdict == WaveTally.Verdict.CONTINUE) {
                return current;
            }
            if (verdict == WaveTally.Verdict.PAUSE) {
                String reason = "wave " + current.currentWave() + ": " + (tally.failed() - tally.acknowledged())
                        + " of " + (tally.size() - tally.refused() - tally.acknowledged())
                        + " commanded devices failed (threshold " + current.failureThresholdPercent()
                        + " % failed, " + current.successThresholdPercent() + " % succeeded)";
                return settle(c, current, RolloutState.PAUSED, reason, current.currentWave(), "rollout.auto-pause",
                        now);
            }
            if (current.isLastWave()) {
                return settle(c, current, RolloutState.FINISHED, null, current.currentWave(), "rollout.finish", now);
            }
            current = settle(c, current, RolloutState.RUNNING, null, current.currentWave() + 1, "rollout.next-wave",
                    now);
        }
    }

    private static WaveTally tally(RolloutRow r, Map<OtaState, Integer> states) {
        int size = r.plan().ends().get(r.currentWave()) - (r.currentWave() == 0 ? 0
                : r.plan().ends().get(r.currentWave() - 1));
        int succeeded = 0;
        int failed = 0;
        int refused = 0;
        for (Map.Entry<OtaState, Integer> e : states.entrySet()) {
            if (e.getKey().isSuccess()) {
                succeeded += e.getValue();
            } else if (e.getKey().isUpdateFailure()) {
                failed += e.getValue();
            } else if (e.getKey() == OtaState.FAILED_PRECHECK || e.getKey() == OtaState.CANCELLED) {
                refused += e.getValue();
            }
        }
        return new WaveTally(size, succeeded, failed, refused, Math.min(failed, r.acknowledgedFailures()));
    }

    private RolloutRow settle(Connection c, RolloutRow r, RolloutState to, String reason, int wave, String action,
                              Instant now) throws SQLException {
        int acknowledged = wave == r.currentWave() ? r.acknowledgedFailures() : 0;
        RolloutStore.write(c, r.pk(), to, reason, wave, acknowledged, now);
        String detail = switch (to) {
            case PAUSED -> "paused: " + reason;
            case FINISHED -> "every wave is done";
            default -> "wave " + wave + " begins (waves 0 to " + (r.plan().waves() - 1) + ")";
        };
        AuditLog.append(c, now, AuditLog.ENGINE, action, "rollout " + r.id(), detail);
        LOG.infof("rollout %s: %s", r.id(), detail);
        return RolloutStore.find(c, r.id()).orElseThrow();
    }

    private List<Command> command(Connection c, RolloutRow r, Instant now) throws SQLException {
        int free = r.maxConcurrent() - inFlight(c, r.pk());
        if (free <= 0) {
            return List.of();
        }
        Precheck precheck = r.precheck();
        List<RolloutDevices.Move> moves = new ArrayList<>();
        List<Command> commands = new ArrayList<>();
        for (Queued.Device d : Queued.next(c, r, free)) {
            Precheck.Outcome outcome = d.facts().map(precheck::check).orElse(
                    new Precheck.Outcome(OtaState.FAILED_PRECHECK, "not commanded: the device was deleted"));
            String fromVersion = d.version().orElse(null);
            moves.add(new RolloutDevices.Move(d.pk(), d.attempt(), OtaState.QUEUED,
                    new OtaTransition(OtaState.PRECHECK, now, "checking"), fromVersion));
            if (outcome.next() == OtaState.COMMANDED) {
                OutboundCommand message = OutboundCommand.otaHttp(new DeviceTopic(d.topic()),
                        urls.forDevice(r, d.id()));
                moves.add(new RolloutDevices.Move(d.pk(), d.attempt(), OtaState.PRECHECK, new OtaTransition(
                        OtaState.COMMANDED, now, outcome.evidence() + "; sent ota_http to cmnd/" + d.topic()),
                        fromVersion));
                commands.add(new Command(r.id(), r.pk(), d.pk(), d.attempt(), message));
                audit(c, now, r.id(), d.id(), message);
            } else {
                moves.add(new RolloutDevices.Move(d.pk(), d.attempt(), OtaState.PRECHECK,
                        new OtaTransition(outcome.next(), now, outcome.evidence()), fromVersion));
            }
        }
        List<RolloutDevices.Move> applied = RolloutDevices.apply(c, r.pk(), moves);
        record(applied);
        // only a device whose COMMANDED state was written gets its command
        return commands.stream().filter(cmd -> applied.stream().anyMatch(m -> m.devicePk() == cmd.devicePk()
                && m.transition().to() == OtaState.COMMANDED)).toList();
    }

    private static int inFlight(Connection c, long rolloutPk) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM rollout_device WHERE rollout_pk = ?"
                + " AND state IN ('PRECHECK', 'COMMANDED', 'DOWNLOADING', 'REBOOTING', 'VERIFYING')")) {
            s.setLong(1, rolloutPk);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    // the device's command history shows the update like any other command sent to it
    private static void audit(Connection c, Instant now, String rolloutId, String deviceId, OutboundCommand message)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO command_audit (at, actor, device_id, topic,"
                + " payload) VALUES (?, ?, ?, ?, ?)")) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setString(2, "rollout " + rolloutId);
            s.setString(3, deviceId);
            s.setString(4, message.topic());
            s.setString(5, message.payload());
            s.executeUpdate();
        }
    }

    private void publish(Command command) {
        try {
            mqtt.publish(command.message());
        } catch (BrokerUnavailableException e) {
            // known not to have gone out: the device may be commanded again later
            QuarkusTransaction.requiringNew().run(() -> requeue(command, e.getMessage()));
        }
    }

    private void push(Push p) {
        ImageDownloads.Grant image;
        try {
            image = downloads.push(p.rollout().pk(), p.devicePk(), p.attempt(), p.rollout().firmwareId());
        } catch (SQLException e) {
            pushFailed(p, "the image could not be read: " + e.getMessage());
            return;
        }
        pusher.push(p.device(), image.image()).whenComplete((answers, failure) -> {
            if (failure == null) {
                try {
                    downloads.ended(image, image.image().length, true, Instant.now());
                } catch (SQLException e) {
                    LOG.errorf(e, "rollout %s: could not record a push", p.rollout().id());
                }
            } else {
                Throwable cause = failure.getCause() == null ? failure : failure.getCause();
                pushFailed(p, String.valueOf(cause.getMessage() == null ? cause : cause.getMessage()));
            }
        });
    }

    private void pushFailed(Push p, String why) {
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection()) {
                RolloutDevices.apply(c, p.rollout().pk(), List.of(new RolloutDevices.Move(p.devicePk(), p.attempt(),
                        OtaState.DOWNLOADING, new OtaTransition(OtaState.FAILED_NO_FETCH, Instant.now(),
                        "the push to " + p.device() + " failed: " + why), null)));
            } catch (SQLException e) {
                LOG.errorf(e, "rollout %s: could not record a failed push", p.rollout().id());
            }
        });
    }

    private void requeue(Command command, String why) {
        try (Connection c = dataSource.getConnection()) {
            RolloutDevices.apply(c, command.rolloutPk(), List.of(new RolloutDevices.Move(command.devicePk(),
                    command.attempt(), OtaState.COMMANDED, new OtaTransition(OtaState.QUEUED, Instant.now(),
                    "not sent: " + why), null)));
        } catch (SQLException e) {
            LOG.errorf(e, "rollout %s: could not queue again a device whose command was not sent", command.rolloutId());
        }
    }

    private void record(List<RolloutDevices.Move> applied) {
        applied.forEach(m -> metrics.counter("fleet_ota_device_transitions_total", "state",
                m.transition().to().name()).increment());
    }
}
