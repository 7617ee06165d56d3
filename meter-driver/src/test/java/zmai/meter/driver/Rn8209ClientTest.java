package zmai.meter.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import zmai.meter.rn8209.Register;

class Rn8209ClientTest {

    private static final Pause NO_WAIT = d -> { };

    private static byte[] hex(String text) {
        return HexFormat.ofDelimiter(" ").parseHex(text);
    }

    @Test
    void readsTheUrmsCaptureOfTheSpec() throws Exception {
        ScriptedLink link = new ScriptedLink(frame -> frame[0] == 0x24 ? hex("20 33 E1 A7") : new byte[0]);
        assertThat(new Rn8209Client(link, NO_WAIT).read(Register.URMS).raw()).isEqualTo(0x2033E1L);
    }

    @Test
    void retriesAnAnswerWithABadChecksum() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        ScriptedLink link = new ScriptedLink(frame -> reads.incrementAndGet() == 1 ? hex("20 33 E1 00") : hex("20 33 E1 A7"));
        assertThat(new Rn8209Client(link, NO_WAIT).read(Register.URMS).raw()).isEqualTo(0x2033E1L);
        assertThat(reads).hasValue(2);
    }

    @Test
    void aSilentChipIsReportedAsNoAnswer() {
        ScriptedLink link = new ScriptedLink(frame -> new byte[0]);
        assertThatThrownBy(() -> new Rn8209Client(link, NO_WAIT).read(Register.DEVICEID))
                .isInstanceOf(ChipException.class)
                .hasMessageContaining("no answer from the RN8209C")
                .hasMessageContaining("check TX/RX and 4800 8E1")
                .extracting(e -> ((ChipException) e).kind()).isEqualTo(ChipException.Kind.NO_ANSWER);
        assertThat(link.written).hasSize(Rn8209Client.RETRIES + 1);
    }

    @Test
    void garbageIsReportedAsBadAnswers() {
        ScriptedLink link = new ScriptedLink(frame -> hex("01 02 03 04"));
        assertThatThrownBy(() -> new Rn8209Client(link, NO_WAIT).read(Register.URMS))
                .extracting(e -> ((ChipException) e).kind()).isEqualTo(ChipException.Kind.BAD_ANSWERS);
    }

    @Test
    void syconIsComparedOnItsLowByteOnly() {
        assertThat(Rn8209Client.sameAsWritten(Register.SYSCON, 0x0003, 0x1603)).isTrue();
        assertThat(Rn8209Client.sameAsWritten(Register.SYSCON, 0x0003, 0x1607)).isFalse();
        assertThat(Rn8209Client.sameAsWritten(Register.HFCONST, 0x1000, 0x1000)).isTrue();
    }
}
