package zmai.meter.virtual;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs a virtual ZMAi-90 fleet against a broker until interrupted, with a status line every 10 s. */
@Command(name = "simulate-fleet", mixinStandardHelpOptions = true,
        description = "Run virtual ZMAi-90 meters (OpenBeken MQTT dialect) against a broker until interrupted.")
public final class SimulateFleetCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--count", description = "number of meters (overrides the scenario's count)")
    private Integer count;

    @Option(names = "--mqtt", defaultValue = "tcp://127.0.0.1:1883", description = "broker URI (default: ${DEFAULT-VALUE})")
    private String broker;

    @Option(names = "--scenario", description = "fleet scenario JSON file")
    private Path scenarioFile;

    @Option(names = "--multiplexed", description = "a few shared connections at --rate, QoS 0 (load tests)")
    private boolean multiplexed;

    @Option(names = "--rate", defaultValue = "50000", description = "messages per second in multiplexed mode")
    private long rate;

    @Option(names = "--connections", defaultValue = "4", description = "shared connections in multiplexed mode")
    private int connections;

    @Option(names = "--seed", defaultValue = "1", description = "fleet seed (MACs, noise, load curves)")
    private long seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        FleetScenario scenario = scenarioFile != null ? FleetScenario.read(scenarioFile) : FleetScenario.of(100, seed);
        if (count != null) {
            scenario = scenario.withCount(count);
        }
        InstantSource clock = InstantSource.system();
        CountDownLatch interrupted = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(interrupted::countDown));
        if (multiplexed) {
            try (MultiplexedFleet fleet = new MultiplexedFleet(scenario, broker, connections, rate, clock)) {
                long last = 0;
                while (!interrupted.await(10, TimeUnit.SECONDS)) {
                    long sent = fleet.sent();
                    out.printf("multiplexed: %d meters, %d connections, %d msg/s, %d sent, %d refused%n",
                            scenario.count(), connections, (sent - last) / 10, sent, fleet.refused());
                    out.flush();
                    last = sent;
                }
            }
            return 0;
        }
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        try (VirtualFleet fleet = new VirtualFleet(scenario, broker, scheduler, clock)) {
            fleet.start();
            long last = 0;
            while (!interrupted.await(10, TimeUnit.SECONDS)) {
                long published = fleet.published();
                out.printf("sessions: %d/%d online, %d msg/s, %d published, rss %d MiB%n", fleet.online(),
                        scenario.count(), (published - last) / 10, published, residentMiB());
                out.flush();
                last = published;
            }
        } finally {
            scheduler.shutdownNow();
        }
        return 0;
    }

    // Linux only; 0 elsewhere
    static long residentMiB() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
