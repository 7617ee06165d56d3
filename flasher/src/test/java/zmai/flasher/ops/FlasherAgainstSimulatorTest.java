package zmai.flasher.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import zmai.core.meter.ChipFamily;
import zmai.flasher.ExitCode;
import zmai.flasher.FlasherException;
import zmai.core.link.ResetPulse;
import zmai.flasher.protocol.FlashGeometry;
import zmai.flasher.protocol.KnownBootloader;
import zmai.flasher.protocol.ProtocolType;
import zmai.flasher.sim.ChipVariant;
import zmai.flasher.sim.Faults;
import zmai.flasher.sim.LineFaults;
import zmai.flasher.sim.SimulatedChip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every operation of the flasher against the simulated bootloader over loopback TCP. */
class FlasherAgainstSimulatorTest {

    @TempDir
    Path dir;

    private static final byte[] APP = TestImages.application(96 * 1024, 7);
    private static final byte[] QIO = TestImages.qio(APP, 8);
    private static final int APP_SECTORS = (APP.length + FlashGeometry.SECTOR - 1) / FlashGeometry.SECTOR;

    private FirmwareImage qio(ChipFamily chip) throws FlasherException {
        return FirmwareImage.of("OpenBK7231" + chip.name().charAt(6) + "_QIO_1.18.288.bin", QIO, chip, false);
    }

    @Test
    void infoIdentifiesTheCbuModule() throws Exception {
        try (SimulatedBench bench = SimulatedBench.start(ChipVariant.BK7231N, dir.resolve("flash.bin"), Faults.none())) {
            ChipInfo info = bench.linked(921_600).chip();
            assertThat(info.chip()).isEqualTo(ChipFamily.BK7231N);
            assertThat(info.protocol()).isEqualTo(ProtocolType.FULL);
            assertThat(info.bootloader()).contains(KnownBootloader.BK7231N_1_0_1);
            assertThat(info.chipId()).hasValue(0x7231C);
            assertThat(info.midText()).isEqualTo("1560EB");
            assertThat(info.statusRegister()).hasValue(0x4004);
            assertThat(info.protection()).hasToString("0x000000-0x1EFFFF");
            assertThat(info.efuseKey()).map(EfuseKey::toString).contains("510fb093 a3cbeadc 5993a17e c7adeb03");
            assertThat(info.efuseKey()).map(EfuseKey::isTuya).contains(true);
            assertThat(bench.link.baudRate()).isEqualTo(921_600);
        }
    }

    @Test
    void backupMatchesTheFlashAndResumesFromAPartialFile() throws Exception {
        try (SimulatedBench bench = SimulatedBench.start(ChipVariant.BK7231N, dir.resolve("flash.bin"), Faults.none())) {
            FlashAccess access = bench.linked(921_600);
            Path out = dir.resolve("backup.bin");
            byte[] expected = bench.chip.read(0, 0x20000);
            // an earlier run stopped after 64 KiB, the last block of which was torn
            byte[] partial = Arrays.copyOf(expected, 0x10000);
            partial[0xF000] ^= 1;
            Files.write(dir.resolve("backup.bin.part"), partial);

            BackupReader.Result result = BackupReader.read(access, 0, 0x20000, out, ProgressListener.NONE);

            assertThat(Files.readAllBytes(out)).isEqualTo(expected);
            assertThat(result.resumedBytes()).isEqualTo(0xF000);
            assertThat(Files.readString(dir.resolve("backup.bin.sha256"))).isEqualTo(result.sha256() + "  backup.bin\n");
            assertThat(result.sha256()).isEqualTo(BackupReader.sha256(expected));
            assertThat(Files.exists(dir.resolve("backup.bin.part"))).isFalse();
        }
    }

    @Test
    void writeUnprotectsSkipsTheBootloaderWritesVerifiesAndReboots() throws Exception {
        try (SimulatedBench bench = SimulatedBench.start(ChipVariant.BK7231N, dir.resolve("flash.bin"), Faults.none())) {
            byte[] bootloader = bench.chip.read(0, FlashGeometry.BOOTLOADER_END);
            FlashAccess access = bench.linked(921_600);

            ImageWriter.Result result = ImageWriter.write(access, qio(ChipFamily.BK7231N), ImageWriter.Options.DEFAULT,
                    ProgressListener.NONE);

            assertThat(bench.chip.read(FlashGeometry.BOOTLOADER_END, APP.length)).isEqualTo(APP);
            assertThat(bench.chip.read(0, FlashGeometry.BOOTLOADER_END)).isEqualTo(bootloader);
            assertThat(bench.chip.bootloaderViolations()).isEmpty();
            assertThat(bench.chip.statusRegister() & 0x407C).isZero();
            assertThat(result.written()).isEqualTo(APP_SECTORS);
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (bench.chip.isLinked() && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertThat(bench.chip.isLinked()).as("rebooted").isFalse();
        }
    }

    @Test
    void reflashingTheSameImageWritesNothingAndAChangedSectorOnlyThatSector() throws Exception {
        try (SimulatedBench bench = SimulatedBench.start(ChipVariant.BK7231N, dir.resolve("flash.bin"), Faults.none())) {
            FlashAccess access = bench.linked(921_600);
            ImageWriter.Options stay = new ImageWriter.Options(false, false, false);
            ImageWriter.write(access, qio(ChipFamily.BK7231N), stay, ProgressListener.NONE);

            ImageWriter.Result again = ImageWriter.write(access, qio(ChipFamily.BK7231N), stay, ProgressListener.NONE);
            assertThat(again.written()).isZero();
            assertThat(again.identical()).isEqualTo(APP_SECTORS);

            byte[] changed = APP.clone();
            byte[] unit = TestImages.application(32, 99);
            System.arraycopy(unit, 0, changed, 34 * 500, unit.length);
            FirmwareImage next = FirmwareImage.of("OpenBK7231N_UA_1.18.289.bin", changed, ChipFamily.BK7231N, false);
            ImageWriter.Result patched = ImageWriter.write(access, next, stay, ProgressListener.NONE);
            assertThat(patched.written()).isEqualTo(1);
            assertThat(bench.chip.read(FlashGeometry.BOOTLOADER_END, changed.length)).isEqualTo(changed);
            assertThat(ImageVerifier.verify(access, next, ProgressListener.NONE).matches()).isTrue();
            assertThat(ImageVerifier.verify(access, qio(ChipFamily.BK7231N), ProgressListener.NONE).mismatched())
                    .containsExactly((long) FlashGeometry.BOOTLOADER_END + 34 * 500 / 4096 * 4096);
        }
    }

    @Test
    void aLossyLineStillEndsBitExactWithTheBootloaderIntact() throws Exception {
        // per 4 KiB frame: about one in three answers and one in five writes arrives damaged
        Faults lossy = Faults.seeded(42).withToChip(new LineFaults(0.00005, 0.00005)).withFromChip(new LineFaults(0.0001, 0.0001));
        try (SimulatedBench bench = SimulatedBench.start(ChipVariant.BK7231N, dir.resolve("flash.bin"), lossy)) {
            byte[] bootloader = bench.chip.read(0, FlashGeometry.BOOTLOADER_END);
            FlashAccess access = bench.linked(921_600);
            ImageWriter.write(access, qio(ChipFamily.BK7231N), new ImageWriter.Options(false, false, false), ProgressListener.NONE);
            BackupReader.read(access, FlashGeometry.BOOTLOADER_END, (long) APP_SECTORS * FlashGeometry.SECTOR,
                    dir.resolve("back.bin"), ProgressListener.NONE);

            assertThat(bench.chip.read(FlashGeometry.BOOTLOADER_END, APP.length)).isEqualTo(APP);
            assertThat(Arrays.copyOf(Files.readAllBytes(dir.resolve("back.bin")), APP.length)).isEqualTo(APP);
            assertThat(bench.chip.read(0, FlashGeometry.BOOTLOADER_END)).isEqualTo(bootloader);
            assertThat(bench.session.retries()).as("faults were injected and recovered from").isPositive();
        }
    }

    @Test
    void eraseClearsARangeAndRefusesTheBootloader() throws Exception {
        try (SimulatedBench bench = SimulatedBench.start(ChipVariant.BK7231N, dir.resolve("flash.bin"), Faults.none())) {
            FlashAccess access = bench.linked(921_600);
            ImageWriter.write(access, qio(ChipFamily.BK7231N), new ImageWriter.Options(false, false, false), ProgressListener.NONE);
            RangeEraser.erase(access, 0x12000, 0x11000, false, ProgressListener.NONE);
            byte[] blank = new byte[0x11000];
            Arrays.fill(blank, (byte) 0xFF);
            assertThat(bench.chip.read(0x12000, 0x11000)).isEqualTo(blank);

            assertThatThrownBy(() -> RangeEraser.erase(access, 0x10000, 0x2000, false, ProgressListener.NONE))
                    .isInstanceOf(FlasherException.class).hasMessageContaining("overlaps the bootloader")
                    .extracting(e -> ((FlasherException) e).exitCode()).isEqualTo(ExitCode.REFUSED);
            assertThat(bench.chip.bootloaderViolations()).isEmpty();
        }
    }

    @Test
    void bk7231tGetsItsOwnCrcConventionAndItsProtectionQuirk() throws Exception {
        try (SimulatedBench bench = SimulatedBench.start(ChipVariant.BK7231T, dir.resolve("flash.bin"), Faults.none())) {
            FlashAccess access = bench.linked(921_600);
            assertThat(access.chip().chip()).isEqualTo(ChipFamily.BK7231T);
            assertThat(access.chip().protocol()).isEqualTo(ProtocolType.BASIC_TUYA);
            assertThat(access.chip().bootVersion()).contains("BK7231S_1.0.5");
            FirmwareImage image = FirmwareImage.of("OpenBK7231T_UA_1.18.288.bin", APP, ChipFamily.BK7231T, false);
            ImageWriter.write(access, image, new ImageWriter.Options(false, false, false), ProgressListener.NONE);
            assertThat(bench.chip.read(FlashGeometry.BOOTLOADER_END, APP.length)).isEqualTo(APP);
            assertThat(bench.chip.bootloaderViolations()).isEmpty();
        }
    }

    @Test
    void rn8209cOnTheLineIsNamedNotReportedAsABareTimeout() throws Exception {
        SimulatedChip chip = SimulatedChip.builder(ChipVariant.BK7231N, dir.resolve("flash.bin"))
                .linkWindow(Duration.ofMillis(200)).open();
        Faults noisy = Faults.seeded(3).withRn8209cNoise(true).withLinkWindowDelay(Duration.ofMillis(5_000));
        try (SimulatedBench bench = SimulatedBench.start(chip, noisy)) {
            assertThatThrownBy(() -> bench.session.getBus(Duration.ofSeconds(2), ResetPulse.NONE))
                    .isInstanceOf(FlasherException.class)
                    .hasMessageContaining("RN8209C")
                    .hasMessageContaining("disconnect it")
                    .extracting(e -> ((FlasherException) e).exitCode()).isEqualTo(ExitCode.NO_LINK);
        }
    }

    @Test
    void aSilentLineSaysSoAndHowToReset() throws Exception {
        Faults late = Faults.none().withLinkWindowDelay(Duration.ofSeconds(30));
        try (SimulatedBench bench = SimulatedBench.start(ChipVariant.BK7231N, dir.resolve("flash.bin"), late)) {
            assertThatThrownBy(() -> bench.session.getBus(Duration.ofMillis(500), ResetPulse.NONE))
                    .isInstanceOf(FlasherException.class).hasMessageContaining("line stayed silent")
                    .hasMessageContaining("reset the module");
        }
    }

    @Test
    void aChipThatStopsMidBlockFailsClearlyAndLeavesTheBootloader() throws Exception {
        Faults stalls = Faults.none().withStallAfterAnswerBytes(30_000);
        try (SimulatedBench bench = SimulatedBench.start(ChipVariant.BK7231N, dir.resolve("flash.bin"), stalls)) {
            byte[] bootloader = bench.chip.read(0, FlashGeometry.BOOTLOADER_END);
            FlashAccess access = bench.linked(921_600);
            assertThatThrownBy(() -> BackupReader.read(access, 0, 0x40000, dir.resolve("b.bin"), ProgressListener.NONE))
                    .isInstanceOf(FlasherException.class).hasMessageContaining("no answer")
                    .extracting(e -> ((FlasherException) e).exitCode()).isEqualTo(ExitCode.NO_LINK);
            assertThat(Files.exists(dir.resolve("b.bin.part"))).as("kept for resuming").isTrue();
            assertThat(bench.chip.read(0, FlashGeometry.BOOTLOADER_END)).isEqualTo(bootloader);
        }
    }
}
