package zmai.flasher.sim;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import zmai.flasher.protocol.Answer;
import zmai.flasher.protocol.ChipCrc;
import zmai.flasher.protocol.Command;
import zmai.flasher.protocol.EraseSize;
import zmai.flasher.protocol.KnownBootloader;
import zmai.flasher.protocol.ProtocolException;

import static org.assertj.core.api.Assertions.assertThat;

/** The chip's logic without a transport, time moved by hand. */
class SimulatedChipTest {

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock();
    private SimulatedChip chip;

    @AfterEach
    void close() throws IOException {
        if (chip != null) {
            chip.close();
        }
    }

    private SimulatedChip open(SimulatedChip.Builder builder) throws IOException {
        chip = builder.clock(clock).open();
        return chip;
    }

    private SimulatedChip linked(ChipVariant variant) throws IOException {
        open(SimulatedChip.builder(variant, dir.resolve("flash.bin")));
        assertThat(send(new Command.LinkCheck())).isPresent();
        return chip;
    }

    private Optional<ChipReply> send(Command<?> command) {
        return chip.handle(command.frame());
    }

    private <A extends Answer> A ask(Command<A> command) throws ProtocolException {
        ChipReply reply = send(command).orElseThrow(() -> new AssertionError("no answer to " + command));
        return command.decodeAnswer(reply.answer());
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    @Test
    void probeCrcIdentifiesEachVariantsBootloader() throws Exception {
        linked(ChipVariant.BK7231N);
        long n = ask(KnownBootloader.PROBE).crc();
        assertThat(KnownBootloader.fromProbeAnswer(n)).contains(KnownBootloader.BK7231N_1_0_1);
        chip.close();
        linked(ChipVariant.BK7231T);
        assertThat(chip.variant()).isEqualTo(ChipVariant.BK7231T);
    }

    @Test
    void bk7231tBootloaderProbeAndVersion() throws Exception {
        open(SimulatedChip.builder(ChipVariant.BK7231T, dir.resolve("t.bin")));
        send(new Command.LinkCheck());
        assertThat(KnownBootloader.fromProbeAnswer(ask(KnownBootloader.PROBE).crc())).contains(KnownBootloader.BK7231T_1_0_5);
        assertThat(ask(new Command.ReadBootVersion()).text()).isEqualTo("BK7231S_1.0.5");
    }

    @Test
    void ignoresEverythingButLinkCheckUntilLinked() throws Exception {
        open(SimulatedChip.builder(ChipVariant.BK7231N, dir.resolve("flash.bin")));
        assertThat(send(new Command.ReadRegister(0x800000))).isEmpty();
        assertThat(send(new Command.LinkCheck())).isPresent();
        assertThat(ask(new Command.ReadRegister(0x800000)).value()).isEqualTo(0x7231C);
    }

    @Test
    void linkCheckAfterTheWindowIsIgnoredUntilAReset() throws Exception {
        open(SimulatedChip.builder(ChipVariant.BK7231N, dir.resolve("flash.bin")).linkWindow(Duration.ofMillis(200)));
        clock.advance(Duration.ofMillis(201));
        assertThat(send(new Command.LinkCheck())).isEmpty();
        chip.powerUp();
        clock.advance(Duration.ofMillis(150));
        assertThat(send(new Command.LinkCheck())).isPresent();
        assertThat(chip.isLinked()).isTrue();
    }

    @Test
    void lateWindowOpensOnlyAfterItsDelay() throws Exception {
        open(SimulatedChip.builder(ChipVariant.BK7231N, dir.resolve("flash.bin")).linkWindowDelay(Duration.ofMillis(500)));
        assertThat(send(new Command.LinkCheck())).isEmpty();
        clock.advance(Duration.ofMillis(600));
        assertThat(send(new Command.LinkCheck())).isPresent();
    }

    @Test
    void rebootUnlinksAndReturnsTo115200() throws Exception {
        linked(ChipVariant.BK7231N);
        ChipReply echo = send(new Command.SetBaudRate(921_600, 20)).orElseThrow();
        assertThat(echo.baud()).isEqualTo(921_600);
        assertThat(echo.delay()).isEqualTo(Duration.ofMillis(20));
        assertThat(chip.baud()).isEqualTo(921_600);
        assertThat(send(new Command.Reboot())).isEmpty();
        assertThat(chip.isLinked()).isFalse();
        assertThat(chip.baud()).isEqualTo(115_200);
        assertThat(send(new Command.LinkCheck())).isPresent();
    }

    @Test
    void protectedEraseIsAcknowledgedButHasNoEffect() throws Exception {
        linked(ChipVariant.BK7231N);
        ask(new Command.FlashWrite4K(0x100000, filled(4096, 0x00)));
        assertThat(chip.read(0x100000, 4096)).containsOnly((byte) 0xFF);
        // clear protection to write, restore 0x4004, then try to erase
        ask(new Command.FlashWriteStatus(0x01, 0x0000, 2));
        ask(new Command.FlashWrite4K(0x100000, filled(4096, 0x00)));
        ask(new Command.FlashWriteStatus(0x01, 0x4004, 2));
        Answer.FlashErased erased = ask(new Command.FlashErase(EraseSize.SECTOR_4K, 0x100000));
        assertThat(erased.status()).isZero();
        assertThat(chip.read(0x100000, 4096)).containsOnly((byte) 0x00);
        ask(new Command.FlashWriteStatus(0x01, 0x0000, 2));
        ask(new Command.FlashErase(EraseSize.SECTOR_4K, 0x100000));
        assertThat(chip.read(0x100000, 4096)).containsOnly((byte) 0xFF);
    }

    @Test
    void lastBlockIsWritableUnder4004() throws Exception {
        linked(ChipVariant.BK7231N);
        ask(new Command.FlashWrite4K(0x1F0000, filled(4096, 0x5A)));
        assertThat(chip.read(0x1F0000, 4096)).containsOnly((byte) 0x5A);
    }

    @Test
    void programmingOnlyClearsBits() throws Exception {
        linked(ChipVariant.BK7231N);
        ask(new Command.FlashWriteStatus(0x01, 0, 2));
        ask(new Command.FlashWrite(0x13100, filled(16, 0xF0)));
        Answer.FlashWritten written = ask(new Command.FlashWrite(0x13100, filled(16, 0x3C)));
        assertThat(written.count()).isEqualTo(16);
        assertThat(chip.read(0x13100, 16)).containsOnly((byte) 0x30);
    }

    @Test
    void bootloaderEraseAndProgramAreRefusedAndRecorded() throws Exception {
        linked(ChipVariant.BK7231N);
        ask(new Command.FlashWriteStatus(0x01, 0, 2));
        byte[] before = chip.read(0, 0x11000);
        assertThat(ask(new Command.FlashErase(EraseSize.BLOCK_64K, 0x10000)).status()).isZero();
        ask(new Command.FlashWrite4K(0x200000, filled(4096, 0)));
        ask(new Command.FlashErase4K(0x10FFF));
        ask(new Command.FlashEraseAll());
        assertThat(chip.read(0, 0x11000)).isEqualTo(before);
        assertThat(chip.bootloaderViolations()).extracting(BootloaderViolation::operation)
                .containsExactly("FlashErase 64K", "FlashWrite4K", "FlashErase4K", "FlashEraseAll");
        assertThat(chip.bootloaderViolations().get(0).address()).isEqualTo(0x10000);
    }

    @Test
    void crcEndIsInclusiveOnNAndExclusiveOnT() throws Exception {
        byte[] erased = filled(4096, 0xFF);
        linked(ChipVariant.BK7231N);
        assertThat(ask(new Command.CheckCrc(0x100000, 0x100FFF)).crc()).isEqualTo(ChipCrc.ERASED_SECTOR);
        chip.close();
        chip = null;
        open(SimulatedChip.builder(ChipVariant.BK7231T, dir.resolve("t.bin")));
        send(new Command.LinkCheck());
        assertThat(ask(new Command.CheckCrc(0x100000, 0x101000)).crc()).isEqualTo(ChipCrc.of(erased));
        assertThat(ask(new Command.CheckCrc(0x100000, 0x100FFF)).crc()).isEqualTo(ChipCrc.of(erased, 0, 4095));
    }

    @Test
    void addressesWrapModuloTheFlashSize() throws Exception {
        linked(ChipVariant.BK7231N);
        ask(new Command.FlashWriteStatus(0x01, 0, 2));
        byte[] block = new byte[4096];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) i;
        }
        Answer.Flash4KWritten w = ask(new Command.FlashWrite4K(0x211000, block));
        assertThat(w.address()).isEqualTo(0x211000);
        assertThat(chip.read(0x011000, 4096)).isEqualTo(block);
        assertThat(ask(new Command.FlashRead4K(0x211000)).data()).isEqualTo(block);
        assertThat(ask(new Command.CheckCrc(0x11000, 0x11FFF)).crc()).isEqualTo(0x5D6EDF7DL);
        assertThat(ask(new Command.CheckCrc(0x211000, 0x211FFF)).crc()).isEqualTo(0x5D6EDF7DL);
    }

    @Test
    void oneByteStatusRegisterPart() throws Exception {
        open(SimulatedChip.builder(ChipVariant.BK7231N, dir.resolve("flash.bin")).mid(0x15701C).statusRegister(0x1C));
        send(new Command.LinkCheck());
        assertThat(ask(new Command.FlashGetMid()).mid()).isEqualTo(0x15701C);
        assertThat(ask(new Command.FlashReadStatus(0x05)).value()).isEqualTo(0x1C);
        assertThat(ask(new Command.FlashReadStatus(0x35)).value()).isZero();
        ask(new Command.FlashWrite4K(0x20000, filled(4096, 0)));
        assertThat(chip.read(0x20000, 1)).containsOnly((byte) 0xFF);
        ask(new Command.FlashWriteStatus(0x01, 0x00, 1));
        assertThat(chip.statusRegister()).isZero();
        ask(new Command.FlashWrite4K(0x20000, filled(4096, 0)));
        assertThat(chip.read(0x20000, 1)).containsOnly((byte) 0x00);
    }

    @Test
    void efuseReadsTheTuyaKey() throws Exception {
        linked(ChipVariant.BK7231N);
        byte[] key = new byte[16];
        for (int i = 0; i < 16; i++) {
            ask(new Command.WriteRegister(0x800074, (long) i << 8 | 1));
            long data = ask(new Command.ReadRegister(0x800078)).value();
            assertThat(data & 0x100).isEqualTo(0x100);
            key[i] = (byte) data;
        }
        assertThat(java.util.HexFormat.of().formatHex(key)).isEqualTo("93b00f51dceacba37ea19359 03ebadc7".replace(" ", ""));
    }

    @Test
    void bk7231tIgnoresRegisterAndStatusCommands() throws Exception {
        open(SimulatedChip.builder(ChipVariant.BK7231T, dir.resolve("t.bin")));
        send(new Command.LinkCheck());
        assertThat(send(new Command.ReadRegister(0x800000))).isEmpty();
        assertThat(send(new Command.FlashReadStatus(0x05))).isEmpty();
        assertThat(send(new Command.FlashGetMid())).isEmpty();
        assertThat(send(new Command.StayRom())).isEmpty();
    }

    @Test
    void bk7231tReprotectsAfterCrcUntilTheNextLinkCheck() throws Exception {
        open(SimulatedChip.builder(ChipVariant.BK7231T, dir.resolve("t.bin")));
        send(new Command.LinkCheck());
        ask(new Command.FlashWrite4K(0x20000, filled(4096, 0x11)));
        assertThat(chip.read(0x20000, 1)).containsOnly((byte) 0x11);
        ask(new Command.CheckCrc(0x20000, 0x21000));
        ask(new Command.FlashErase(EraseSize.SECTOR_4K, 0x20000));
        assertThat(chip.read(0x20000, 1)).containsOnly((byte) 0x11);
        send(new Command.LinkCheck());
        ask(new Command.FlashErase(EraseSize.SECTOR_4K, 0x20000));
        assertThat(chip.read(0x20000, 1)).containsOnly((byte) 0xFF);
    }
}
