package zmai.flasher.protocol;

import java.util.HexFormat;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every command in both directions against the worked frames of the bootloader spec (appendix A). */
class GoldenBytesTest {

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    static byte[] sequence4K() {
        byte[] block = new byte[4096];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) i;
        }
        return block;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    static Stream<Arguments> exchanges() {
        byte[] block = sequence4K();
        byte[] sixteen = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        return Stream.of(
                arguments(new Command.LinkCheck(), hex("01 E0 FC 01 00"),
                        hex("04 0E 05 01 E0 FC 01 00"), new Answer.LinkCheckAnswer(0)),
                arguments(new Command.ReadRegister(0x800000), hex("01 E0 FC 05 03 00 00 80 00"),
                        hex("04 0E 0C 01 E0 FC 03 00 00 80 00 1C 23 07 00"), new Answer.RegisterRead(0x800000, 0x7231C)),
                arguments(new Command.WriteRegister(0x800074, 1), hex("01 E0 FC 09 01 74 00 80 00 01 00 00 00"),
                        hex("04 0E 0C 01 E0 FC 01 74 00 80 00 01 00 00 00"), new Answer.RegisterWritten(0x800074, 1)),
                arguments(new Command.ReadRegister(0x800078), hex("01 E0 FC 05 03 78 00 80 00"),
                        hex("04 0E 0C 01 E0 FC 03 78 00 80 00 93 01 00 00"), new Answer.RegisterRead(0x800078, 0x193)),
                arguments(new Command.SetBaudRate(921_600, 20), hex("01 E0 FC 06 0F 00 10 0E 00 14"),
                        hex("04 0E 09 01 E0 FC 0F 00 10 0E 00 14"), new Answer.BaudRateChanged(921_600, 20)),
                arguments(new Command.FlashGetMid(), hex("01 E0 FC FF F4 05 00 0E 9F 00 00 00"),
                        hex("04 0E FF 01 E0 FC F4 06 00 0E 00 00 EB 60 15"), new Answer.FlashId(0, 0, 0xEB, 0x60, 0x15)),
                arguments(new Command.FlashReadStatus(0x05), hex("01 E0 FC FF F4 02 00 0C 05"),
                        hex("04 0E FF 01 E0 FC F4 04 00 0C 00 05 04"), new Answer.StatusRegisterRead(0, 0x05, 0x04)),
                arguments(new Command.FlashReadStatus(0x35), hex("01 E0 FC FF F4 02 00 0C 35"),
                        hex("04 0E FF 01 E0 FC F4 04 00 0C 00 35 40"), new Answer.StatusRegisterRead(0, 0x35, 0x40)),
                arguments(new Command.FlashWriteStatus(0x01, 0x0000, 2), hex("01 E0 FC FF F4 04 00 0D 01 00 00"),
                        hex("04 0E FF 01 E0 FC F4 05 00 0D 00 01 00 00"), new Answer.StatusRegisterWritten(0, 1, 0, 2)),
                arguments(new Command.FlashWriteStatus(0x01, 0x00, 1), hex("01 E0 FC FF F4 03 00 0D 01 00"),
                        hex("04 0E FF 01 E0 FC F4 04 00 0D 00 01 00"), new Answer.StatusRegisterWritten(0, 1, 0, 1)),
                arguments(new Command.CheckCrc(0x100000, 0x100FFF), hex("01 E0 FC 09 10 00 00 10 00 FF 0F 10 00"),
                        hex("04 0E 08 01 E0 FC 10 F5 98 AB 0E"), new Answer.CrcValue(0x0EAB98F5L)),
                arguments(new Command.FlashErase(EraseSize.SECTOR_4K, 0x211000), hex("01 E0 FC FF F4 06 00 0F 20 00 10 21 00"),
                        hex("04 0E FF 01 E0 FC F4 07 00 0F 00 20 00 10 21 00"), new Answer.FlashErased(0, 0x20, 0x211000)),
                arguments(new Command.FlashErase4K(0x12000), hex("01 E0 FC FF F4 05 00 0B 00 20 01 00"),
                        hex("04 0E FF 01 E0 FC F4 06 00 0B 00 00 20 01 00"), new Answer.Flash4KErased(0, 0x12000)),
                arguments(new Command.FlashWrite4K(0x11000, block), concat(hex("01 E0 FC FF F4 05 10 07 00 10 01 00"), block),
                        hex("04 0E FF 01 E0 FC F4 06 00 07 00 00 10 01 00"), new Answer.Flash4KWritten(0, 0x11000)),
                arguments(new Command.FlashRead4K(0x11000), hex("01 E0 FC FF F4 05 00 09 00 10 01 00"),
                        concat(hex("04 0E FF 01 E0 FC F4 06 10 09 00 00 10 01 00"), block), new Answer.FlashBlock(0, 0x11000, block)),
                arguments(new Command.FlashWrite(0x13100, sixteen), concat(hex("01 E0 FC FF F4 15 00 06 00 31 01 00"), sixteen),
                        hex("04 0E FF 01 E0 FC F4 07 00 06 00 00 31 01 00 10"), new Answer.FlashWritten(0, 0x13100, 16)),
                arguments(new Command.StayRom(), hex("01 E0 FC 02 AA 55"),
                        hex("04 0E 05 01 E0 FC AA 55"), new Answer.StayingInRom(0x55)),
                arguments(new Command.FlashEraseAll(), hex("01 E0 FC FF F4 02 00 0A 04"),
                        hex("04 0E FF 01 E0 FC F4 03 00 0A 00 04"), new Answer.FlashErasedAll(0, 4)),
                arguments(new Command.ReadBootVersion(), hex("01 E0 FC 01 11"),
                        concat(hex("04 0E 11 01 E0 FC 11"), "BK7231S_1.0.5".getBytes()), new Answer.BootVersion("BK7231S_1.0.5")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exchanges")
    <A extends Answer> void commandEncodesAndItsAnswerDecodes(Command<A> command, byte[] tx, byte[] rx, A answer)
            throws ProtocolException {
        assertThat(command.encode()).isEqualTo(tx);

        FrameDecoder host = new FrameDecoder(FrameDecoder.Direction.FROM_CHIP);
        host.feed(rx);
        Frame frame = host.poll().orElseThrow();
        assertThat(command.decodeAnswer(frame)).isEqualTo(answer);
        if (command.answerPayloadLength() >= 0) {
            assertThat(command.answerPayloadLength()).isEqualTo(frame.payloadLength());
        }
        assertThat(rx).hasSize(Frame.answerLineLength(command.framing(), frame.payloadLength()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exchanges")
    <A extends Answer> void chipSideDecodesTheCommandAndEncodesTheSameAnswer(Command<A> command, byte[] tx, byte[] rx, A answer)
            throws ProtocolException {
        FrameDecoder chip = new FrameDecoder(FrameDecoder.Direction.TO_CHIP);
        chip.feed(tx);
        assertThat(Command.decode(chip.poll().orElseThrow())).isEqualTo(command);
        assertThat(answer.frame().encodeAsAnswer()).isEqualTo(rx);
    }

    static Stream<Arguments> unanswered() {
        return Stream.of(arguments(new Command.Reboot(), hex("01 E0 FC 02 0E A5")),
                arguments(new Command.ResetChip(), hex("01 E0 FC 05 70 53 45 41 4E")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unanswered")
    void rebootAndResetAreNotAnswered(Command<?> command, byte[] tx) throws ProtocolException {
        assertThat(command.encode()).isEqualTo(tx);
        assertThat(command.expectsAnswer()).isFalse();
        FrameDecoder chip = new FrameDecoder(FrameDecoder.Direction.TO_CHIP);
        chip.feed(tx);
        assertThat(Command.decode(chip.poll().orElseThrow())).isEqualTo(command);
    }
}
