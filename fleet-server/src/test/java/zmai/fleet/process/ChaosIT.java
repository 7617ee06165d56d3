package zmai.fleet.process;

import org.junit.jupiter.api.Test;
import zmai.fleet.MachinePostgres;

import java.io.IOException;
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

    /** Something that goes wrong and, after a while, is put right. */
    private interface Fault {
        void begin() throws Exception;

        void end() throws Exception;
    }

    @Test
    void theServerIsKilledDuringLiveIngest() throws Exception {
        try (LiveFleet fleet = LiveFleet.start("fleet_chaos_kill", SCALE.meters(), false)) {
            survive(fleet, "`kill -9` of the server, restarted after " + seconds(SCALE.killedFor()), SCALE.killedFor(),
                    new Fault() {
                        public void begin() throws Exception {
                            fleet.server.kill();
                        }

                        public void end() throws Exception {
                            fleet.server.start();
                        }
                    }, QOS0_AWAY);
        }
    }

    @Test
    void postgresqlIsStoppedAndStartedAgain() throws Exception {
        assumeThat(MachinePostgres.available()).as("a Debian PostgreSQL cluster this test may stop").isTrue();
        try (LiveFleet fleet = LiveFleet.start("fleet_chaos_database", SCALE.meters(), false)) {
            survive(fleet, "PostgreSQL stopped for " + seconds(SCALE.databaseDownFor()) + ", then started",
                    SCALE.databaseDownFor(), new Fault() {
                        public void begin() throws Exception {
                            MachinePostgres.stop();
                        }

                        public void end() throws Exception {
                            MachinePostgres.start();
                        }
                    }, "not expected: the server holds what it took until the database is back");
        }
    }

    @Test
    void theBrokerIsKilledAndRestarted() throws Exception {
        try (LiveFleet fleet = LiveFleet.start("fleet_chaos_broker", SCALE.meters(), false)) {
            survive(fleet, "broker killed (`kill -9`, no persistence), restarted after " + seconds(SCALE.brokerDownFor()),
                    SCALE.brokerDownFor(), new Fault() {
                        public void begin() throws Exception {
                            fleet.broker.kill();
                        }

                        public void end() throws Exception {
                            fleet.broker.restart();
                        }
                    }, "QoS 0 readings published after the broker came back and before the server had subscribed"
                            + " again: the broker had lost its session");
        }
    }

    @Test
    void theLineToTheBrokerIsCut() throws Exception {
        try (LiveFleet fleet = LiveFleet.start("fleet_chaos_line", SCALE.meters(), true)) {
            survive(fleet, "the server's line to the broker cut (connections reset, new ones refused) for "
                    + seconds(SCALE.lineCutFor()), SCALE.lineCutFor(), new Fault() {
                        public void begin() {
                            fleet.line.cut();
                        }

                        public void end() {
                            fleet.line.restore();
                        }
                    }, QOS0_AWAY);
        }
    }

    @Test
    void theEmbeddedDatabaseRunsOutOfDisk() throws Exception {
        try (SmallDisk disk = smallDiskOrSkip();
             LiveFleet fleet = LiveFleet.start(settings -> ServerProcess.embedded("fleet_chaos_disk",
                     disk.path().resolve("data"), settings), SCALE.meters(), false)) {
            survive(fleet, "the embedded PostgreSQL's disk (" + SMALL_DISK_MB + " MB) filled until it refused writes,"
                    + " for " + seconds(SCALE.databaseDownFor()) + ", then cleared", SCALE.databaseDownFor(),
                    new Fault() {
                        public void begin() throws Exception {
                            disk.fill();
                        }

                        public void end() throws Exception {
                            disk.free();
                        }
                    }, "readings the server took while the disk was full");
        }
    }

    // a machine that allows no mount (not root, or a container without the right) skips this fault
    private static SmallDisk smallDiskOrSkip() throws InterruptedException {
        try {
            return SmallDisk.mount(SMALL_DISK_MB);
        } catch (IOException e) {
            assumeThat(e.getMessage()).as("a small file system of its own (tmpfs, as root)").isNull();
            throw new AssertionError(e);
        }
    }

    /**
     * Steady load, the fault for {@code lasting}, recovery, steady load again; then the comparison with the
     * independent count, reported and asserted.
     */
    private static void survive(LiveFleet fleet, String description, Duration lasting, Fault fault, String whyMissed)
            throws Exception {
        Thread.sleep(SCALE.steady().toMillis());
        ServerLog log = ServerLog.from(fleet.server);
        Duration recovery;
        String health;
        try (HealthWatch watch = new HealthWatch(fleet.server)) {
            fault.begin();
            Instant ended;
            try {
                Thread.sleep(lasting.toMillis());
            } finally {
                ended = Instant.now();
                fault.end();
            }
            recovery = fleet.awaitRecovery(ended);
            health = watch.summary();
        }
        Thread.sleep(SCALE.steady().toMillis());

        LiveFleet.Comparison c = fleet.compare();
        FaultReport.record(new FaultResult(description, fleet.meterCount()
                + " virtual meters, 10 kW each (1 kW on a clock ten times fast), live", c.readingsCell(),
                new FaultResult.Energy(c.expectedMwh(), c.countedMwh()), c.affectedCell(fleet.meterCount(), whyMissed),
                recovery, health + "; " + log.summary()));
        assertThat(c.differing()).as("devices whose energy differs from what their counter moved").isEmpty();
        assertThat(c.countedMwh()).as("energy shown against the independent count").isEqualTo(c.expectedMwh());
        assertThat(c.expectedMwh()).as("the meters counted energy").isPositive();
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + " s";
    }
}
