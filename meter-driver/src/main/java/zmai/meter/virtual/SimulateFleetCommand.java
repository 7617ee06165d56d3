package zmai.meter.virtual;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a virtual ZMAi-90 fleet against a broker until interrupted or for {@code --duration}, with a status line every
 * 10 s; multiplexed mode ends with one summary line of key=value figures that scripts can read.
 */
@Command(name = "simulate-fleet", mixinStandardHelpOptions = true,
        description = "Run virtual ZMAi-90 meters (OpenBeken MQTT dialect) against a broker until interrupted"
                + " or for --duration seconds.")
public final class SimulateFleetCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--count", description = "number of meters (overrides the scenario's count)")
    private Integer count;

    @Option(names = "--mqtt", defaultValue = "tcp://127.0.0.1:1883", description = "broker URI (default: ${DEFAULT-VALUE})")
    private String broker;

    @Option(names = "--scenario", description = "fleet scenario JSON file")
    private Path scenarioFile;

    @Option(names = "--multiplexed", description = "a few shared connections at --rate, QoS --qos (load tests)")
    private boolean multiplexed;

    @Option(names = "--qos", defaultValue = "0", description = "QoS of every message in multiplexed mode, 0 or 1"
            + " (default: ${DEFAULT-VALUE})")
    private int qos;

    @Option(names = "--duration", defaultValue = "0", description = "seconds to run, then stop with a summary;"
            + " 0 runs until interrupted (default: ${DEFAULT-VALUE})")
    private long durationSeconds;

    @Option(names = "--rate", defaultValue = "50000", description = "messages per second in multiplexed mode")
    private long rate;

    @Option(names = "--connections", defaultValue = "4", description = "shared connections in multiplexed mode")
    private int connections;

    @Option(names = "--download-rate", description = "bytes per second of every meter's OTA downloads, 0 = unpaced"
            + " (overrides the scenario's downloadBytesPerSecond)")
    private Long downloadRate;

    @Option(names = "--http-port", description = "serve every meter's web server (/api/ota, /api/reboot,"
            + " /api/info) under /<topic> on 127.0.0.1:<port>, 0 = any free port; session mode only")
    private Integer httpPort;

    @Option(names = "--seed", defaultValue = "1", description = "fleet seed (MACs, noise, load curves)")
    private long seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        FleetScenario scenario = scenarioFile != null ? FleetScenario.read(scenarioFile) : FleetScenario.of(100, seed);
        if (count != null) {
            scenario = scenario.withCount(count);
        }
        if (downloadRate != null) {
            if (downloadRate < 0) {
                throw new ParameterException(spec.commandLine(), "--download-rate is 0 or more bytes/s, not "
                        + downloadRate);
            }
            scenario = scenario.withDownloadBytesPerSecond(downloadRate);
        }
        if (qos != 0 && qos != 1) {
            throw new ParameterException(spec.commandLine(), "--qos is 0 or 1, not " + qos);
        }
        if (httpPort != null && (httpPort < 0 || httpPort > 65535)) {
            throw new ParameterException(spec.commandLine(), "--http-port is 0..65535, not " + httpPort);
        }
        if (httpPort != null && multiplexed) {
            throw new ParameterException(spec.commandLine(), "--http-port needs session mode, not --multiplexed");
        }
        if (durationSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--duration is 0 or more seconds, not " + durationSeconds);
        }
        InstantSource clock = InstantSource.system();
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        // on Ctrl-C or kill, let the main thread stop the fleet and print its summary before the JVM exits
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            interrupted.countDown();
            awaitQuietly(finished);
        }));
        try {
            if (multiplexed) {
                runMultiplexed(out, scenario, clock, interrupted);
            } else {
                runSessions(out, scenario, clock, interrupted);
            }
        } finally {
            finished.countDown();
        }
        return 0;
    }

    private void runMultiplexed(PrintWriter out, FleetScenario scenario, InstantSource clock,
                                CountDownLatch interrupted) throws Exception {
        MultiplexedFleet fleet = new MultiplexedFleet(scenario, broker, connections, rate, qos, clock);
        try {
            Run run = Run.lasting(durationSeconds);
            long last = 0;
            long lastNanos = System.nanoTime();
            while (!run.waitStatus(interrupted)) {
                long sent = fleet.sent();
                long now = System.nanoTime();
                out.printf("multiplexed: %d meters, %d connections, %d msg/s, %d sent, %d refused%n",
                        scenario.count(), connections, (sent - last) * 1_000_000_000L / Math.max(1, now - lastNanos),
                        sent, fleet.refused());
                out.flush();
                last = sent;
                lastNanos = now;
            }
        } finally {
            fleet.close();
        }
        MultiplexedFleet.Totals t = fleet.totals();
        out.printf(Locale.ROOT, "summary: meters=%d connections=%d qos=%d seconds=%.3f sent=%d rate=%.0f refused=%d"
                        + " confirmed=%d failed=%d energy_sent=%d energy_confirmed=%d dropped=%d%n",
                scenario.count(), connections, t.qos(), t.elapsed().toNanos() / 1e9, t.sent(), t.perSecond(),
                t.refused(), t.confirmed(), t.failed(), t.energySent(), t.energyConfirmed(), t.dropped());
        out.flush();
    }

    private void runSessions(PrintWriter out, FleetScenario scenario, InstantSource clock,
                             CountDownLatch interrupted) throws Exception {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        try (VirtualFleet fleet = new VirtualFleet(scenario, broker, scheduler, clock)) {
            if (httpPort != null) {
                MeterHttpApi api = fleet.serveHttp(httpPort);
                out.printf("device web servers: %s%n", api.urlTemplate());
                out.flush();
            }
            fleet.start();
            Run run = Run.lasting(durationSeconds);
            long last = 0;
            while (!run.waitStatus(interrupted)) {
                long published = fleet.published();
                out.printf("sessions: %d/%d online, %d msg/s, %d published, rss %d MiB%n", fleet.online(),
                        scenario.count(), (published - last) / 10, published, residentMiB());
                out.flush();
                last = published;
            }
        } finally {
            scheduler.shutdownNow();
        }
    }

    /** Status every 10 s until interrupted or, with a duration, until it has passed. */
    private record Run(long endNanos) {
        static Run lasting(long durationSeconds) {
            return new Run(durationSeconds == 0 ? Long.MAX_VALUE : System.nanoTime() + durationSeconds * 1_000_000_000L);
        }

        /** Waits for the next status line; true when the run is over. */
        boolean waitStatus(CountDownLatch interrupted) throws InterruptedException {
            long left = endNanos == Long.MAX_VALUE ? STATUS_NANOS : Math.min(STATUS_NANOS, endNanos - System.nanoTime());
            if (left <= 0 || interrupted.await(left, TimeUnit.NANOSECONDS)) {
                return true;
            }
            return endNanos != Long.MAX_VALUE && System.nanoTime() >= endNanos;
        }
    }

    private static final long STATUS_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(90, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
