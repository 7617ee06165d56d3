package zmai.flasher.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import zmai.flasher.ExitCode;
import zmai.flasher.ops.SyntheticFirmware;
import zmai.flasher.protocol.FlashGeometry;
import zmai.flasher.sim.ChipVariant;
import zmai.flasher.sim.Faults;
import zmai.flasher.sim.LineClock;
import zmai.flasher.sim.SimulatedChip;
import zmai.flasher.sim.SimulatorServer;

import static org.assertj.core.api.Assertions.assertThat;

/** The commands a user types, run in-process against the simulator on loopback. */
class FlasherCliTest {

    @TempDir
    Path dir;

    private SimulatedChip chip;
    private SimulatorServer server;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** No pacing: these tests check behaviour, the benchmark measures speed. */
    private static final LineClock UNPACED = LineClock.unpaced();

    @BeforeEach
    void startSimulator() throws Exception {
        chip = SimulatedChip.builder(ChipVariant.BK7231N, dir.resolve("flash.bin")).open();
        server = SimulatorServer.start(chip, Faults.none(), new InetSocketAddress("127.0.0.1", 0), UNPACED);
    }

    @AfterEach
    void stopSimulator() throws Exception {
        server.close();
        chip.close();
    }

    private int flasher(String... args) {
        CommandLine cli = FlasherCommand.commandLine(FlasherCommand.SUBCOMMANDS.toArray());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        return cli.execute(all.toArray(String[]::new));
    }

    private String port() {
        return "tcp://127.0.0.1:" + server.port();
    }

    @Test
    void infoAsJson() {
        assertThat(flasher("info", "--port", port(), "--json")).isZero();
        assertThat(out.toString()).contains("\"chip\":\"BK7231N\"", "\"flashId\":\"1560EB\"",
                "\"writeProtected\":\"0x000000-0x1EFFFF\"", "\"bootloader\":\"BK7231N 1.0.1\"");
        assertThat(err.toString()).contains("linked: BK7231N, flash 1560EB, 921600 baud");
    }

    @Test
    void readWithHexOffsetAndLength() throws Exception {
        Path out = dir.resolve("part.bin");
        assertThat(flasher("read", "--port", port(), "--offset", "0x11000", "--length", "64K", "--out", out.toString()))
                .isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(chip.read(0x11000, 0x10000));
        assertThat(Files.readString(dir.resolve("part.bin.sha256"))).endsWith("  part.bin\n");
    }

    @Test
    void writeThenVerifyThenEraseThenVerifyFails() throws Exception {
        Path image = Files.write(dir.resolve("OpenBK7231N_UA_1.18.288.bin"), SyntheticFirmware.application(40_000, 5));
        assertThat(flasher("write", "--port", port(), "--no-reboot", image.toString())).isZero();
        assertThat(out.toString()).contains("kind            UA", "offset          0x011000", "written         10");
        assertThat(flasher("verify", "--port", port(), image.toString())).isZero();

        assertThat(flasher("erase", "--port", port(), "--offset", "0x12000", "--length", "0x1000")).isZero();
        assertThat(flasher("verify", "--port", port(), image.toString())).isEqualTo(ExitCode.VERIFY_MISMATCH.code());
        assertThat(err.toString()).contains("1 of 10 sectors differ");
        assertThat(chip.bootloaderViolations()).isEmpty();
    }

    @Test
    void imageForTheOtherFamilyIsRefusedBeforeAnythingIsWritten() throws Exception {
        byte[] before = chip.read(FlashGeometry.BOOTLOADER_END, 0x10000);
        Path image = Files.write(dir.resolve("OpenBK7231T_UA_1.18.288.bin"), SyntheticFirmware.application(40_000, 5));
        assertThat(flasher("write", "--port", port(), image.toString())).isEqualTo(ExitCode.REFUSED.code());
        assertThat(err.toString()).contains("built for BK7231T but the chip is BK7231N");
        assertThat(chip.read(FlashGeometry.BOOTLOADER_END, 0x10000)).isEqualTo(before);
    }

    @Test
    void erasingTheBootloaderNeedsTheExplicitFlag() {
        assertThat(flasher("erase", "--port", port(), "--offset", "0", "--length", "0x1000"))
                .isEqualTo(ExitCode.REFUSED.code());
        assertThat(err.toString()).contains("overlaps the bootloader", "--include-bootloader");
    }

    @Test
    void aPortNobodyListensOnIsUnavailable() throws Exception {
        int closed;
        try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        assertThat(flasher("info", "--port", "tcp://127.0.0.1:" + closed)).isEqualTo(ExitCode.PORT_UNAVAILABLE.code());
        assertThat(err.toString()).contains("cannot connect");
    }

    @Test
    void aMissingImageAndBadNumbersAreClearErrors() {
        assertThat(flasher("write", "--port", port(), dir.resolve("nope.bin").toString())).isEqualTo(ExitCode.REFUSED.code());
        assertThat(err.toString()).contains("cannot read image");
        assertThat(flasher("read", "--port", port(), "--offset", "0x1234", "--length", "4K", "--out", "x.bin"))
                .isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).contains("multiples of 4 KiB");
    }
}
