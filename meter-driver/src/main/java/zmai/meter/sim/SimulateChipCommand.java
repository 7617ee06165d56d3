package zmai.meter.sim;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code simulate-chip}: serves a simulated RN8209C (a ZMAi-90's metering chip) on loopback TCP until interrupted. */
@Command(name = "simulate-chip", mixinStandardHelpOptions = true,
        description = "Serve a simulated RN8209C on 127.0.0.1, paced at 4800 Bd 8E1, one client at a time.")
public final class SimulateChipCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--listen", paramLabel = "127.0.0.1:PORT", defaultValue = "127.0.0.1:0",
            converter = LoopbackPortConverter.class,
            description = "Loopback address to listen on; port 0 picks one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--voltage", defaultValue = "230", description = "RMS volts (default: ${DEFAULT-VALUE}).")
    private double voltage;

    @Option(names = "--current", defaultValue = "0.26", description = "RMS amps (default: ${DEFAULT-VALUE}).")
    private double current;

    @Option(names = "--power-factor", defaultValue = "0.99",
            description = "-1..1, negative for reverse power (default: ${DEFAULT-VALUE}).")
    private double powerFactor;

    @Option(names = "--frequency", defaultValue = "50", description = "Line frequency, Hz (default: ${DEFAULT-VALUE}).")
    private double frequency;

    @Option(names = "--noise", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Typical measurement noise of spec §5.3 (default: ${DEFAULT-VALUE}).")
    private boolean noise;

    @Option(names = "--bad-checksum-rate", defaultValue = "0",
            description = "Probability an answer's checksum is corrupted (default: ${DEFAULT-VALUE}).")
    private double badChecksumRate;

    @Option(names = "--drop-rate", defaultValue = "0",
            description = "Probability each answer byte is dropped (default: ${DEFAULT-VALUE}).")
    private double dropRate;

    @Option(names = "--no-answer-rate", defaultValue = "0",
            description = "Probability a whole answer is withheld (default: ${DEFAULT-VALUE}).")
    private double noAnswerRate;

    @Option(names = "--stop-answering-after", paramLabel = "READS", defaultValue = "-1",
            description = "Stop answering after this many reads; -1 never (default: ${DEFAULT-VALUE}).")
    private long stopAnsweringAfter;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of noise and faults (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Override
    public Integer call() throws Exception {
        SimulatedRn8209c chip = SimulatedRn8209c.builder()
                .clock(InstantSource.system())
                .seed(seed)
                .noise(noise ? Noise.TYPICAL : Noise.NONE)
                .load(Load.of(voltage, current, powerFactor, frequency))
                .build();
        Faults faults = new Faults(badChecksumRate, dropRate, noAnswerRate, stopAnsweringAfter);
        PrintWriter out = spec.commandLine().getOut();
        try (Rn8209cServer server = Rn8209cServer.builder(chip).port(port).faults(faults).seed(seed).start()) {
            out.println("listening on 127.0.0.1:" + server.port());
            out.flush();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            spec.commandLine().getErr().println(server.stats());
        }
        return 0;
    }

    /** {@code 127.0.0.1:PORT} (or {@code localhost:PORT}) to the port: the simulator only listens on loopback. */
    static final class LoopbackPortConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int colon = value.lastIndexOf(':');
            if (colon < 0) {
                throw new TypeConversionException("expected 127.0.0.1:PORT, got '" + value + "'");
            }
            try {
                if (!InetAddress.getByName(value.substring(0, colon)).isLoopbackAddress()) {
                    throw new TypeConversionException("the simulator listens on loopback only, not " + value);
                }
                int port = Integer.parseInt(value.substring(colon + 1));
                if (port < 0 || port > 65535) {
                    throw new TypeConversionException("no such port: " + port);
                }
                return port;
            } catch (NumberFormatException | UnknownHostException e) {
                throw new TypeConversionException("expected 127.0.0.1:PORT, got '" + value + "'");
            }
        }
    }
}
