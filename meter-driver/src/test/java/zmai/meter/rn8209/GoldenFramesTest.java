package zmai.meter.rn8209;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import zmai.meter.rn8209.Rn8209Command.ReadRegister;
import zmai.meter.rn8209.Rn8209Command.SpecialCommand;
import zmai.meter.rn8209.Rn8209Command.WriteRegister;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every worked frame of the RN8209C spec (section 1.3 and appendix A). */
class GoldenFramesTest {

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "DEVICEID, 7F, 82 09 00 F5, 8521984",       // 0x820900
            "URMS, 24, 20 33 E1 A7, 2110433",           // OpenBeken capture: 239.55 V at 8810 LSB/V
            "URMS, 24, 20 26 E3 B2, 2107107",           // second capture
            "URMS, 24, 1E EB 3C 96, 2026300",           // 230 V
            "IARMS, 22, 00 25 5D 5B, 9565",             // 0.261 A
            "POWERPA, 26, 00 09 06 3C 8E, 591420",      // +60 W
            "POWERPA, 26, FF F6 F9 C4 27, -591420",     // -60 W, two's complement
            "UFREQ, 25, 22 F5 C3, 8949",                // 49.999 Hz
            "SYSSTATUS, 43, 10 AC, 16",                 // write-enabled
    })
    void readsDecodeAndEncode(Register register, String request, String answer, long value) throws FrameException {
        assertThat(new ReadRegister(register).encode()).isEqualTo(hex(request));
        RegisterValue decoded = RegisterValue.decode(register, hex(answer));
        assertThat(decoded.value()).isEqualTo(value);
        assertThat(decoded.encodeAnswer()).isEqualTo(hex(answer));
        assertThat(new ReadRegister(register).answerLength()).isEqualTo(hex(answer).length);
    }

    @ParameterizedTest(name = "{0} <- {1}")
    @CsvSource({
            "HFCONST, 4096, 82 10 00 6D",
            "EMUCON, 32771, 81 80 03 FB",
            "EMUCON2, 176, 97 00 B0 B8",
            "SYSCON, 15, 80 00 0F 70",
            "PSTART, 96, 83 00 60 1C",
    })
    void writesEncodeWithTheirChecksum(Register register, long value, String frame) {
        assertThat(new WriteRegister(register, value).encode()).isEqualTo(hex(frame));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "WRITE_ENABLE, EA E5 30",
            "WRITE_PROTECT, EA DC 39",
            "SOFT_RESET, EA FA 1B",
            "SELECT_CHANNEL_A, EA 5A BB",
            "SELECT_CHANNEL_B, EA A5 70",
    })
    void specialCommands(SpecialCommand command, String frame) {
        assertThat(command.encode()).isEqualTo(hex(frame));
        assertThat(command.answerLength()).isZero();
    }

    @Test
    void aBadChecksumOrLengthIsAFrameError() {
        assertThatThrownBy(() -> RegisterValue.decode(Register.URMS, hex("20 33 E1 A8")))
                .isInstanceOf(FrameException.class).hasMessageContaining("checksum 0xA8, expected 0xA7");
        assertThatThrownBy(() -> RegisterValue.decode(Register.URMS, hex("20 33 E1")))
                .isInstanceOf(FrameException.class).hasMessageContaining("expected 4");
    }

    @Test
    void writesAreCheckedAgainstTheRegister() {
        assertThatThrownBy(() -> new WriteRegister(Register.URMS, 1)).hasMessageContaining("read-only");
        assertThatThrownBy(() -> new WriteRegister(Register.PHSA, 0x100)).hasMessageContaining("1 byte(s) wide");
    }

    @Test
    void theMapHasEveryAddressOnce() {
        assertThat(Register.values()).extracting(Register::address).doesNotHaveDuplicates();
        assertThat(Register.at(0x2D)).contains(Register.EMUSTATUS);
        assertThat(Register.at(0x18)).isEmpty();
        assertThat(Register.DEVICEID.resetValue()).isEqualTo(Register.RN8209C_DEVICE_ID);
    }
}
