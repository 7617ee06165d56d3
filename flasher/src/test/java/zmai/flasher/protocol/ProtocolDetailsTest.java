package zmai.flasher.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static zmai.flasher.protocol.GoldenBytesTest.hex;

class ProtocolDetailsTest {

    @Test
    void chipCrcIsJamCrc() {
        assertThat(ChipCrc.of("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0x340BC6D9L);
        byte[] erased = new byte[4096];
        Arrays.fill(erased, (byte) 0xFF);
        assertThat(ChipCrc.of(erased)).isEqualTo(ChipCrc.ERASED_SECTOR);
        // spec: the block 00 01 .. FF ×16 answers 7D DF 6E 5D
        assertThat(ChipCrc.of(GoldenBytesTest.sequence4K())).isEqualTo(0x5D6EDF7DL);
    }

    @Test
    void crcEndIsInclusiveOnTheRomAndExclusiveOnTBootloaders() {
        assertThat(ProtocolType.FULL.checkCrc(0x11000, 0x1000)).isEqualTo(new Command.CheckCrc(0x11000, 0x11FFF));
        assertThat(ProtocolType.BASIC_TUYA.checkCrc(0x11000, 0x1000)).isEqualTo(new Command.CheckCrc(0x11000, 0x12000));
    }

    @Test
    void bootloaderIsRecognisedByItsProbeCrc() {
        long chipAnswer = ~0xE14191BAL & 0xFFFF_FFFFL;
        assertThat(KnownBootloader.fromProbeAnswer(chipAnswer)).contains(KnownBootloader.BK7231N_1_0_1);
        assertThat(KnownBootloader.fromProbeAnswer(0x12345678L)).isEmpty();
    }

    @Test
    void flashIdPrintsManufacturerLowAndGivesTheSize() {
        Answer.FlashId id = new Answer.FlashId(0, 0, 0xEB, 0x60, 0x15);
        assertThat(id.mid()).isEqualTo(0x1560EB);
        assertThat(id.sizeBytes()).isEqualTo(2 * 1024 * 1024);
        assertThat(FlashPart.byMid(id.mid())).map(FlashPart::name).contains("TH25Q16HB");
    }

    @Test
    void writeProtectionFollowsTheBlockProtectBits() {
        // read from a real BK7231N with a TH25Q16HB before unprotecting: all but the last 64 KiB
        assertThat(WriteProtection.of(0x4004, FlashGeometry.SIZE_2M)).isEqualTo(new WriteProtection(0, 0x1F0000));
        assertThat(WriteProtection.of(0x0004, FlashGeometry.SIZE_2M)).isEqualTo(new WriteProtection(0x1F0000, 0x200000));
        assertThat(WriteProtection.of(0x001C, FlashGeometry.SIZE_2M)).isEqualTo(new WriteProtection(0, 0x200000));
        assertThat(WriteProtection.of(0x0024, FlashGeometry.SIZE_2M)).isEqualTo(new WriteProtection(0, 0x10000));
        assertThat(WriteProtection.of(0x0044, FlashGeometry.SIZE_2M)).isEqualTo(new WriteProtection(0x1FF000, 0x200000));
        assertThat(WriteProtection.of(0x0000, FlashGeometry.SIZE_2M).isNone()).isTrue();
        FlashPart th25 = FlashPart.byMid(0x1560EB).orElseThrow();
        assertThat(th25.isProtected(0x4004)).isTrue();
        assertThat(th25.unprotected(0x4004)).isZero();
    }

    @Test
    void decoderSkipsNoiseAndFalseHeaders() {
        FrameDecoder host = new FrameDecoder(FrameDecoder.Direction.FROM_CHIP);
        // RN8209C traffic seen at 115200 is mostly 0x00; then a header whose echo is wrong; then the answer
        host.feed(hex("00 00 00 00 04 0E 05 02 E0 FC 04 0E 05 01 E0 FC 01 00"));
        assertThat(host.poll()).contains(new Frame(Framing.SHORT, 0x01, new byte[]{0}));
        assertThat(host.skippedBytes()).isEqualTo(10);
        assertThat(host.poll()).isEmpty();
    }

    @Test
    void decoderAssemblesAFrameFedByteByByte() {
        FrameDecoder host = new FrameDecoder(FrameDecoder.Direction.FROM_CHIP);
        byte[] answer = hex("04 0E FF 01 E0 FC F4 06 00 07 00 00 10 01 00");
        for (int i = 0; i < answer.length - 1; i++) {
            host.feed(new byte[]{answer[i]});
            assertThat(host.poll()).isEmpty();
        }
        host.feed(new byte[]{answer[answer.length - 1]});
        assertThat(host.poll()).isPresent();
        assertThat(host.pendingBytes()).isZero();
    }

    @Test
    void staleLinkCheckAnswerBeforeTheBaudEchoIsSeparate() {
        FrameDecoder host = new FrameDecoder(FrameDecoder.Direction.FROM_CHIP);
        host.feed(hex("04 0E 05 01 E0 FC 01 00 04 0E 09 01 E0 FC 0F 00 10 0E 00 14"));
        assertThat(host.poll()).map(Frame::code).contains(0x01);
        assertThat(host.poll()).map(Frame::code).contains(0x0F);
    }

    @Test
    void anAnswerOfTheWrongShapeIsAProtocolError() {
        Frame crc = new Frame(Framing.SHORT, 0x10, hex("F5 98 AB 0E"));
        assertThatThrownBy(() -> new Command.ReadRegister(0x800000).decodeAnswer(crc))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("ReadReg");
        Frame otherAddress = new Frame(Framing.LONG, 0x09, new byte[5 + 4096]);
        assertThatThrownBy(() -> new Command.FlashRead4K(0x11000).decodeAnswer(otherAddress))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("echoes 0x0 instead of 0x11000");
    }

    @Test
    void unknownCommandsAndBadValuesAreRefused() {
        assertThatThrownBy(() -> Command.decode(new Frame(Framing.SHORT, 0x42, new byte[0])))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("unknown command");
        assertThatThrownBy(() -> Command.decode(new Frame(Framing.LONG, 0x09, new byte[2])))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("too short");
        assertThatThrownBy(() -> new Command.FlashWrite(0, new byte[256])).hasMessageContaining("1 to 255");
        assertThatThrownBy(() -> new Command.FlashWrite4K(0, new byte[100])).hasMessageContaining("4096");
        assertThatThrownBy(() -> new Command.ReadRegister(-1)).hasMessageContaining("32 bits");
    }
}
