package zmai.meter.virtual;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class MultiplexedFleetTest {

    private static FleetScenario freshScenario(int count) {
        long seed = System.nanoTime() & 0xFFFF;
        String prefix = String.format("c8:%02x:%02x", (seed >> 8) & 0xFF, seed & 0xFF);
        // 2 kW: the counter moves past OpenBeken's 0.1 Wh threshold by the 6th frame, its first chance to publish
        return new FleetScenario(count, prefix, seed, null, new FleetScenario.Profile("constant", 2000, 2000, 0.95),
                null, null, 0);
    }

    @Test
    void atQos1EveryEnergyReadingIsAcknowledgedAndArrives() throws Exception {
        FleetScenario scenario = freshScenario(20);
        Set<String> ours = new HashSet<>();
        for (int i = 0; i < scenario.count(); i++) {
            ours.add(scenario.meter(i).topic().value());
        }
        MultiplexedFleet.Totals totals;
        long readingsReceived = 0;
        try (BrokerProbe probe = new BrokerProbe("+/+/get")) {
            MultiplexedFleet fleet = new MultiplexedFleet(scenario, BrokerProbe.BROKER, 2, 400, 1,
                    InstantSource.system());
            Thread.sleep(8_000);
            fleet.close();
            totals = fleet.totals();
            // QoS 1 both ways: what the broker acknowledged reaches the subscriber; wait for the last of it
            BrokerProbe.Received r;
            while ((r = probe.pollQuietly(Duration.ofSeconds(2))) != null) {
                if (ours.contains(r.topic().substring(0, r.topic().indexOf('/')))) {
                    readingsReceived += EnergyReadings.in(r.topic(), r.payload().getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(totals.qos()).isEqualTo(1);
        assertThat(totals.sent()).isGreaterThan(2_000);
        assertThat(totals.confirmed()).isEqualTo(totals.sent());
        assertThat(totals.failed()).isZero();
        assertThat(totals.energySent()).isGreaterThanOrEqualTo(scenario.count());
        assertThat(totals.energyConfirmed()).isEqualTo(totals.energySent());
        assertThat(readingsReceived).isEqualTo(totals.energySent());
    }

    @Test
    void aRateBelowWhatTheMetersPublishDropsTheRestInsteadOfKeepingIt() throws Exception {
        // 2,000 meters sweep their state on connect, thousands of messages, at 50 msg/s: most cannot go out
        MultiplexedFleet fleet = new MultiplexedFleet(freshScenario(2_000), BrokerProbe.BROKER, 1, 50, 0,
                InstantSource.system());
        Thread.sleep(4_000);
        fleet.close();
        MultiplexedFleet.Totals totals = fleet.totals();
        assertThat(totals.sent()).isBetween(100L, 400L);
        // what could not be sent within a second of being published is counted as dropped, not held
        assertThat(totals.dropped()).isGreaterThan(2_000);
    }

    @Test
    void aTimedRunEndsByItselfWithASummaryLine() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new SimulateFleetCommand());
        cli.setOut(new PrintWriter(out));
        long seed = System.nanoTime() & 0xFFFF;
        // the default 60 W load moves the counter 0.1 Wh in 6 s: by 10 s every meter has sent one reading
        int code = cli.execute("--count", "10", "--multiplexed", "--rate", "200", "--connections", "1",
                "--duration", "10", "--seed", String.valueOf(seed), "--mqtt", BrokerProbe.BROKER);
        assertThat(code).isZero();
        assertThat(out.toString()).containsPattern(
                "summary: meters=10 connections=1 qos=0 seconds=10\\.\\d+ sent=\\d+ rate=\\d+ refused=0 confirmed=0"
                        + " failed=0 energy_sent=[1-9]\\d* energy_confirmed=[1-9]\\d*");
    }

    @Test
    void qosOtherThanZeroOrOneIsBadUsage() {
        CommandLine cli = new CommandLine(new SimulateFleetCommand());
        cli.setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute("--multiplexed", "--qos", "2", "--duration", "1")).isEqualTo(2);
    }

    @Test
    void aNegativeDownloadRateIsBadUsage() {
        CommandLine cli = new CommandLine(new SimulateFleetCommand());
        cli.setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute("--multiplexed", "--download-rate", "-1", "--duration", "1")).isEqualTo(2);
    }

    @Test
    void sessionModeServesTheMetersWebServersWithHttpPortAndPrintsTheTemplate() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new SimulateFleetCommand());
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("--count", "2", "--http-port", "0", "--duration", "1", "--seed",
                String.valueOf(System.nanoTime() & 0xFFFF), "--mqtt", BrokerProbe.BROKER);
        assertThat(code).isZero();
        assertThat(out.toString()).containsPattern("device web servers: http://127\\.0\\.0\\.1:\\d+/\\{topic}");
    }

    @Test
    void anHttpPortInMultiplexedModeIsBadUsage() {
        CommandLine cli = new CommandLine(new SimulateFleetCommand());
        cli.setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute("--multiplexed", "--http-port", "0", "--duration", "1")).isEqualTo(2);
    }
}
