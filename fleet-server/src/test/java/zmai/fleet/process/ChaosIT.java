package zmai.fleet.process;

import org.junit.jupiter.api.Test;
import zmai.fleet.MachinePostgres;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Faults under live load: a virtual fleet publishing to a broker, the packaged server counting it into PostgreSQL,
 * and an independent subscriber counting what the broker accepted. After each fault the energy every device shows
 * must equal what its counter moved in the independent count: nothing lost, nothing counted twice. Each fault adds
 * its measured row to the fault report before anything is asserted.
 */
class ChaosIT {

    private static final ChaosScale SCALE = ChaosScale.CURRENT;
    private static final int SMALL_DISK_MB = 256;

    /** OpenBeken publishes its sensors at QoS 0, which a broker does not keep for a session that is away. */
    private static final String QOS0_AWAY = "QoS 0 readings published while the server was away";

    @Test
    void theServerIsKilledDuringLiveIngest() throws Exception {
        try (LiveFleet fleet = LiveFleet.start("fleet_chaos_kill", SCALE.meters(), false)) {
            Thread.sleep(SCALE.steady().toMillis());
            ServerLog log = ServerLog.from(fleet.server);
            Duration recovery;
            String health;
            try (HealthWatch watch = new HealthWatch(fleet.server)) {
                fleet.server.kill();
                Thread.sleep(SCALE.killedFor().toMillis());
                Instant restarted = Instant.now();
                fleet.server.start();
                recovery = fleet.awaitRecovery(restarted);
                health = watch.summary();
            }
            Thread.sleep(SCALE.steady().toMillis());
            report(fleet, "`kill -9` of the server, restarted after " + seconds(SCALE.killedFor()), recovery,
                    QOS0_AWAY, health + "; after the restart: " + log.summary());
        }
    }

    @Test
    void postgresqlIsStoppedAndStartedAgain() throws Exception {
        assumeThat(MachinePostgres.available()).as("a Debian PostgreSQL cluster this test may stop").isTrue();
        try (LiveFleet fleet = LiveFleet.start("fleet_chaos_database", SCALE.meters(), false)) {
            Thread.sleep(SCALE.steady().toMillis());
            ServerLog log = ServerLog.from(fleet.server);
            Duration recovery;
            String health;
            try (HealthWatch watch = new HealthWatch(fleet.server)) {
                MachinePostgres.stop();
                try {
                    Thread.sleep(SCALE.databaseDownFor().toMillis());
                } finally {
                    MachinePostgres.start();
                }
                recovery = fleet.awaitRecovery(Instant.now());
                health = watch.summary();
            }
            Thread.sleep(SCALE.steady().toMillis());
            report(fleet, "PostgreSQL stopped for " + seconds(SCALE.databaseDownFor()) + ", then started", recovery,
                    "not expected: the server holds what it took until the database is back",
                    health + "; " + log.summary());
        }
    }

    @Test
    void theBrokerIsKilledAndRestarted() throws Exception {
        try (LiveFleet fleet = LiveFleet.start("fleet_chaos_broker", SCALE.meters(), false)) {
            Thread.sleep(SCALE.steady().toMillis());
            ServerLog log = ServerLog.from(fleet.server);
            Duration recovery;
            String health;
            try (HealthWatch watch = new HealthWatch(fleet.server)) {
                fleet.broker.kill();
                Thread.sleep(SCALE.brokerDownFor().toMillis());
                Instant restarted = Instant.now();
                fleet.broker.restart();
                recovery = fleet.awaitRecovery(restarted);
                health = watch.summary();
            }
            Thread.sleep(SCALE.steady().toMillis());
            report(fleet, "broker killed (`kill -9`, no persistence), restarted after "
                    + seconds(SCALE.brokerDownFor()), recovery,
                    "QoS 0 readings published after the broker came back and before the server had subscribed again: the broker had lost its session", health + "; " + log.summary());
        }
    }

    @Test
    void theLineToTheBrokerIsCut() throws Exception {
        try (LiveFleet fleet = LiveFleet.start("fleet_chaos_line", SCALE.meters(), true)) {
            Thread.sleep(SCALE.steady().toMillis());
            ServerLog log = ServerLog.from(fleet.server);
            Duration recovery;
            String health;
            try (HealthWatch watch = new HealthWatch(fleet.server)) {
                fleet.line.cut();
                Thread.sleep(SCALE.lineCutFor().toMillis());
                Instant restored = Instant.now();
                fleet.line.restore();
                recovery = fleet.awaitRecovery(restored);
                health = watch.summary();
            }
            Thread.sleep(SCALE.steady().toMillis());
            report(fleet, "the server's line to the broker cut (connections reset, new ones refused) for "
                    + seconds(SCALE.lineCutFor()), recovery, QOS0_AWAY, health + "; " + log.summary());
        }
    }

    @Test
    void theEmbeddedDatabaseRunsOutOfDisk() throws Exception {
        assumeThat(SmallDisk.possible()).as("root, to mount a small file system").isTrue();
        try (SmallDisk disk = SmallDisk.mount(SMALL_DISK_MB);
             LiveFleet fleet = LiveFleet.start(settings -> ServerProcess.embedded("fleet_chaos_disk",
                     disk.path().resolve("data"), settings), SCALE.meters(), false)) {
            Thread.sleep(SCALE.steady().toMillis());
            ServerLog log = ServerLog.from(fleet.server);
            Duration recovery;
            String health;
            try (HealthWatch watch = new HealthWatch(fleet.server)) {
                disk.fill();
                Thread.sleep(SCALE.databaseDownFor().toMillis());
                Instant freed = Instant.now();
                disk.free();
                recovery = fleet.awaitRecovery(freed);
                health = watch.summary();
            }
            Thread.sleep(SCALE.steady().toMillis());
            report(fleet, "the embedded PostgreSQL's disk (" + SMALL_DISK_MB + " MB) filled until it refused"
                    + " writes, for " + seconds(SCALE.databaseDownFor()) + ", then cleared", recovery, "readings the server took while the disk was full",
                    health + "; " + log.summary());
        }
    }

    private static void report(LiveFleet fleet, String fault, Duration recovery, String whyMissed, String reported)
            throws Exception {
        LiveFleet.Comparison c = fleet.compare();
        FaultReport.record(new FaultResult(fault, fleet.meterCount() + " virtual meters, 10 kW each (1 kW on a clock ten times fast), live",
                c.readingsCell(), new FaultResult.Energy(c.expectedMwh(), c.countedMwh()),
                c.affectedCell(fleet.meterCount(), whyMissed), recovery, reported));
        assertThat(c.differing()).as("devices whose energy differs from what their counter moved").isEmpty();
        assertThat(c.countedMwh()).as("energy shown against the independent count").isEqualTo(c.expectedMwh());
        assertThat(c.expectedMwh()).as("the meters counted energy").isPositive();
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + " s";
    }
}
