package zmai.flasher.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import zmai.core.meter.ChipFamily;
import zmai.flasher.ExitCode;
import zmai.flasher.FlasherException;
import zmai.core.link.PortSpec;
import zmai.core.link.ResetPulse;
import zmai.core.link.SerialLink;
import zmai.core.link.SerialLinks;
import zmai.flasher.ops.BackupReader;
import zmai.flasher.ops.BootloaderSession;
import zmai.flasher.ops.ChipIdentifier;
import zmai.flasher.ops.FirmwareImage;
import zmai.flasher.ops.FlashAccess;
import zmai.flasher.ops.ImageVerifier;
import zmai.flasher.ops.ImageWriter;
import zmai.flasher.ops.ProgressListener;
import zmai.flasher.ops.SyntheticFirmware;
import zmai.flasher.sim.ChipVariant;
import zmai.flasher.sim.Faults;
import zmai.flasher.sim.LineClock;
import zmai.flasher.sim.LineFaults;
import zmai.flasher.sim.SimulatedChip;
import zmai.flasher.sim.SimulatorServer;

/**
 * Measures read and write throughput against the simulator, paced at each baud rate, as a share of the
 * line-rate limit (baud/10 bytes per second). Prints a Markdown table.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "Measure backup and write speed against the paced simulator on loopback, as a share of the line rate.")
final class BenchmarkCommand implements Callable<Integer> {

    @Option(names = "--baud", split = ",", defaultValue = "115200,921600",
            description = "rates to measure (default: ${DEFAULT-VALUE})")
    private List<Integer> rates;

    @Option(names = "--read-size", converter = NumberConverter.class, defaultValue = "2M",
            description = "bytes to back up (default: 2M)")
    private long readSize;

    @Option(names = "--image-size", converter = NumberConverter.class, defaultValue = "1M",
            description = "size of the image written (default: 1M)")
    private long imageSize;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.println("| baud | line limit B/s | operation | bytes | seconds | B/s | share of line rate |");
        out.println("|---:|---:|---|---:|---:|---:|---:|");
        out.flush();
        for (int baud : rates) {
            measure(baud, out);
        }
        lossyRead(rates.stream().mapToInt(Integer::intValue).max().orElse(921_600), out);
        return 0;
    }

    /**
     * A backup over a line that drops 0.03 % of the chip's bytes, at a fixed rate (the simulator drops bytes
     * whatever the speed, so slowing down would only hide the cost being measured): a tool that waits out a
     * flat timeout per short answer slows down by orders of magnitude; resyncing as soon as the line falls
     * idle does not.
     */
    private void lossyRead(int baud, PrintWriter out) throws IOException, FlasherException {
        Path dir = Files.createTempDirectory("flasher-benchmark");
        Faults lossy = Faults.seeded(1).withFromChip(new LineFaults(0.0003, 0));
        try (SimulatedChip chip = SimulatedChip.builder(ChipVariant.BK7231N, dir.resolve("flash.bin")).open();
             SimulatorServer server = SimulatorServer.start(chip, lossy, new InetSocketAddress("127.0.0.1", 0),
                     LineClock.system());
             SerialLink link = SerialLinks.open(PortSpec.parse("tcp://127.0.0.1:" + server.port()),
                     BootloaderSession.INITIAL_BAUD)) {
            FlashAccess access = linked(link, baud, false);
            BackupReader.Result read = BackupReader.read(access, 0, 256 * 1024, dir.resolve("backup.bin"), ProgressListener.NONE);
            row(out, baud, "read at a fixed rate, 0.03 % of answer bytes dropped (" + server.stats().fromChipDropped() + " dropped, "
                    + read.retries() + " retries)", read.bytes(), read.elapsed());
        } finally {
            deleteAll(dir);
        }
    }

    private static FlashAccess linked(SerialLink link, int baud, boolean slowDownOnErrors)
            throws IOException, FlasherException {
        BootloaderSession session = new BootloaderSession(link);
        session.getBus(Duration.ofSeconds(5), ResetPulse.NONE);
        if (!session.switchBaud(baud)) {
            throw new FlasherException(ExitCode.NO_LINK, "the simulator did not switch to " + baud);
        }
        return new FlashAccess(session, ChipIdentifier.identify(session, Optional.of(ChipFamily.BK7231N)), slowDownOnErrors);
    }

    private static void deleteAll(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(dir);
    }

    private void measure(int baud, PrintWriter out) throws IOException, FlasherException {
        Path dir = Files.createTempDirectory("flasher-benchmark");
        try (SimulatedChip chip = SimulatedChip.builder(ChipVariant.BK7231N, dir.resolve("flash.bin")).open();
             SimulatorServer server = SimulatorServer.start(chip, Faults.none(),
                     new InetSocketAddress("127.0.0.1", 0), LineClock.system());
             SerialLink link = SerialLinks.open(PortSpec.parse("tcp://127.0.0.1:" + server.port()),
                     BootloaderSession.INITIAL_BAUD)) {
            FlashAccess access = linked(link, baud, true);
            long limit = baud / 10;

            BackupReader.Result read = BackupReader.read(access, 0, readSize, dir.resolve("backup.bin"), ProgressListener.NONE);
            row(out, baud, "read (CRC per 32 KiB run, per block on mismatch)", read.bytes(), read.elapsed());

            byte[] app = SyntheticFirmware.application((int) imageSize, baud);
            FirmwareImage image = FirmwareImage.load(Files.write(dir.resolve("OpenBK7231N_UA_bench.bin"), app),
                    ChipFamily.BK7231N, false);
            ImageWriter.Options stay = new ImageWriter.Options(false, false, false);
            ImageWriter.Result written = ImageWriter.write(access, image, stay, ProgressListener.NONE);
            row(out, baud, "write + verify (" + written.written() + " sectors)", app.length, written.elapsed());
            out.printf("|  |  | write + verify time vs. image bytes at line rate | | | | %s× |%n",
                    Results.ratio(written.elapsed().toNanos() / 1e9 / ((double) app.length / limit)));

            long started = System.nanoTime();
            ImageVerifier.Result verified = ImageVerifier.verify(access, image, ProgressListener.NONE);
            row(out, baud, "verify by CRC (" + (verified.matches() ? "matches" : "MISMATCH") + ")", app.length,
                    Duration.ofNanos(System.nanoTime() - started));

            ImageWriter.Result again = ImageWriter.write(access, image, stay, ProgressListener.NONE);
            row(out, baud, "re-flash identical (" + again.identical() + " sectors skipped)", app.length, again.elapsed());
            out.flush();
        } finally {
            deleteAll(dir);
        }
    }

    private static void row(PrintWriter out, int baud, String operation, long bytes, Duration elapsed) {
        long perSecond = Results.perSecond(bytes, elapsed);
        out.printf("| %d | %d | %s | %d | %s | %d | %s |%n", baud, baud / 10, operation, bytes, Results.seconds(elapsed),
                perSecond, Results.ratio((double) perSecond / (baud / 10.0)));
        out.flush();
    }
}
