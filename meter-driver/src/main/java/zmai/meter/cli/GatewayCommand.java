package zmai.meter.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import zmai.core.link.SerialLink;
import zmai.core.meter.DeviceTopic;
import zmai.core.meter.MacAddress;
import zmai.meter.driver.Calibration;
import zmai.meter.driver.EnergyAccumulator;
import zmai.meter.driver.GatewayIdentity;
import zmai.meter.driver.MeterSource;
import zmai.meter.driver.OpenBekenGateway;
import zmai.meter.driver.Pause;
import zmai.meter.driver.Rn8209Driver;

/** {@code gateway}: publish the chip's readings on MQTT as an OpenBeken meter would, until interrupted. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "Reads the chip once a second and publishes like OpenBeken with its RN8209 driver; Ctrl-C stops.")
final class GatewayCommand implements Callable<Integer> {

    private static final Pattern DEFAULT_TOPIC = Pattern.compile("obk([0-9A-F]{8})");

    @Mixin
    ChipOptions chip;

    @Option(names = "--mqtt", defaultValue = "tcp://127.0.0.1:1883", description = "broker (default ${DEFAULT-VALUE})")
    String broker;

    @Option(names = "--topic", required = true, description = "topic root and client id, e.g. obk8C112233")
    String topic;

    @Option(names = "--mac", description = "MAC to report; default 02:00 + the topic's 4 bytes")
    String mac;

    @Option(names = "--ip", defaultValue = "127.0.0.1", description = "IPv4 to report (default ${DEFAULT-VALUE})")
    String ip;

    @Option(names = "--state", defaultValue = "energy.json",
            description = "lifetime energy state, kept across restarts (default ${DEFAULT-VALUE})")
    Path state;

    @Option(names = "--frames", defaultValue = "0",
            description = "stop after this many one-second frames (default: run until interrupted)")
    long frames;

    @Option(names = "--firmware-version", defaultValue = "0.1.0", description = "version in the build string")
    String firmwareVersion;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        DeviceTopic deviceTopic = parse(() -> new DeviceTopic(topic));
        MacAddress address = parse(() -> mac != null ? MacAddress.parse(mac) : defaultMac(topic));
        Calibration calibration = chip.loadCalibration();
        InstantSource clock = InstantSource.system();
        GatewayIdentity identity = new GatewayIdentity(deviceTopic, address, ip, firmwareVersion,
                LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        EnergyAccumulator energy = EnergyAccumulator.open(state, calibration.milliWattHoursPerPulse());
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            running.set(false);
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try (SerialLink link = chip.open()) {
            Rn8209Driver driver = ChipOptions.driver(link, energy);
            driver.initialise(calibration);
            try (OpenBekenGateway gateway = new OpenBekenGateway(broker, identity, MeterSource.of(driver, energy), clock)) {
                gateway.connect();
                err.println("publishing " + link.describe() + " as " + deviceTopic + " on " + broker);
                err.flush();
                AtomicLong framesRun = new AtomicLong();
                BooleanSupplier keepGoing = () -> running.get() && (frames <= 0 || framesRun.incrementAndGet() <= frames);
                gateway.run(Duration.ofSeconds(1), Pause.sleeping(), keepGoing, problem -> {
                    err.println("meter-driver: " + problem);
                    err.flush();
                });
            }
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running
            }
        }
        return 0;
    }

    private MacAddress defaultMac(String topic) {
        var matcher = DEFAULT_TOPIC.matcher(topic);
        String tail = matcher.matches() ? matcher.group(1) : "00000001";
        return MacAddress.parse("0200" + tail);
    }

    private <T> T parse(java.util.function.Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
