package zmai.flasher.sim;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code simulate}: serves a simulated BK7231 on TCP until interrupted, e.g. behind socat as a pty. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Serve a simulated BK7231N/BK7231T UART bootloader on TCP (one client at a time; "
                + "each connection is a power-up).")
public final class SimulateCommand implements Callable<Integer> {

    /** Which direction the byte-fault rates apply to. */
    enum FaultDirection {
        TO_CHIP, FROM_CHIP, BOTH;

        static FaultDirection parse(String text) {
            return valueOf(text.trim().toUpperCase().replace('-', '_'));
        }
    }

    @Spec
    private CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:0",
            converter = AddressConverter.class, description = "Address to listen on; port 0 picks one (default: ${DEFAULT-VALUE}).")
    private InetSocketAddress listen;

    @Option(names = "--chip", defaultValue = "BK7231N", description = "BK7231N or BK7231T (default: ${DEFAULT-VALUE}).")
    private ChipVariant chip;

    @Option(names = "--flash", paramLabel = "FILE", required = true,
            description = "Backing file of the 2 MiB flash; created (bootloader + 0xFF) if missing.")
    private Path flash;

    @Option(names = "--mid", defaultValue = "0x1560EB", converter = HexIntConverter.class,
            description = "Flash JEDEC id, manufacturer in the low byte (default: ${DEFAULT-VALUE}).")
    private int mid;

    @Option(names = "--sr", defaultValue = "0x4004", converter = HexIntConverter.class,
            description = "Status register at start-up (default: ${DEFAULT-VALUE}).")
    private int statusRegister;

    @Option(names = "--status-bytes", description = "1 or 2 status-register bytes (default: from the known-part table, else 2).")
    private int statusBytes;

    @Option(names = "--window-ms", defaultValue = "300", description = "Link window after power-up, ms (default: ${DEFAULT-VALUE}).")
    private long windowMillis;

    @Option(names = "--window-delay-ms", defaultValue = "0", description = "Open the link window this late, ms (default: ${DEFAULT-VALUE}).")
    private long windowDelayMillis;

    @Option(names = "--drop-rate", defaultValue = "0", description = "Probability a byte is dropped (default: ${DEFAULT-VALUE}).")
    private double dropRate;

    @Option(names = "--corrupt-rate", defaultValue = "0", description = "Probability a byte is corrupted (default: ${DEFAULT-VALUE}).")
    private double corruptRate;

    @Option(names = "--fault-direction", paramLabel = "to-chip|from-chip|both", defaultValue = "both",
            converter = FaultDirectionConverter.class, description = "Where drop/corrupt rates apply (default: ${DEFAULT-VALUE}).")
    private FaultDirection faultDirection;

    @Option(names = "--rn8209c-noise", description = "Simulate a ZMAi-90's RN8209C polling on UART1.")
    private boolean rn8209cNoise;

    @Option(names = "--stall-after-bytes", description = "Stop answering after this many answer bytes per session.")
    private Long stallAfterBytes;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of every random fault (default: ${DEFAULT-VALUE}).")
    private long seed;

    private final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            awaitQuietly(closed);
        }, "simulate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (SimulatedChip simulated = chipBuilder().open();
             SimulatorServer server = SimulatorServer.start(simulated, faults(), listen)) {
            out.println("listening on " + server.address().getAddress().getHostAddress() + ":" + server.port());
            out.flush();
            stop.await();
            PrintWriter err = spec.commandLine().getErr();
            err.println(server.stats());
            err.println("bootloader violations: " + simulated.bootloaderViolations());
            err.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closed.countDown();
            removeHook(hook);
        }
        return 0;
    }

    /** Ends a running {@link #call()} as an interrupt would. */
    void stop() {
        stop.countDown();
    }

    private SimulatedChip.Builder chipBuilder() {
        SimulatedChip.Builder builder = SimulatedChip.builder(chip, flash)
                .mid(mid)
                .statusRegister(statusRegister)
                .linkWindow(Duration.ofMillis(windowMillis));
        if (statusBytes != 0) {
            builder.statusBytes(statusBytes);
        }
        return builder;
    }

    Faults faults() {
        LineFaults line = new LineFaults(dropRate, corruptRate);
        Faults faults = Faults.seeded(seed)
                .withRn8209cNoise(rn8209cNoise)
                .withLinkWindowDelay(Duration.ofMillis(windowDelayMillis));
        if (faultDirection != FaultDirection.FROM_CHIP) {
            faults = faults.withToChip(line);
        }
        if (faultDirection != FaultDirection.TO_CHIP) {
            faults = faults.withFromChip(line);
        }
        return stallAfterBytes == null ? faults : faults.withStallAfterAnswerBytes(stallAfterBytes);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down, and the hook is what woke us
        }
    }

    static final class AddressConverter implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            int colon = value.lastIndexOf(':');
            if (colon <= 0 || colon == value.length() - 1) {
                throw new TypeConversionException("expected HOST:PORT, got '" + value + "'");
            }
            int port;
            try {
                port = Integer.parseInt(value.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("not a port: '" + value.substring(colon + 1) + "'");
            }
            if (port < 0 || port > 65_535) {
                throw new TypeConversionException("port out of range: " + port);
            }
            return new InetSocketAddress(value.substring(0, colon), port);
        }
    }

    static final class HexIntConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                return Integer.decode(value.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("not a number (use 0x for hex): '" + value + "'");
            }
        }
    }

    static final class FaultDirectionConverter implements ITypeConverter<FaultDirection> {
        @Override
        public FaultDirection convert(String value) {
            try {
                return FaultDirection.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("expected to-chip, from-chip or both, got '" + value + "'");
            }
        }
    }
}
