package zmai.meter.rn8209;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Whatever comes back on the 4800-baud line, a read answer is decoded exactly or refused with a FrameException. */
class RegisterValueFuzzTest {

    @Property(tries = 3000)
    void arbitraryAnswersAreDecodedOrRefused(@ForAll Register register, @ForAll @Size(max = 12) byte[] answer) {
        try {
            RegisterValue value = RegisterValue.decode(register, answer);
            assertThat(value.encodeAnswer()).isEqualTo(answer);   // accepted means the checksum held
        } catch (FrameException e) {
            assertThat(e.getMessage()).startsWith(register.toString()).containsAnyOf("bytes, expected", "checksum");
        }
    }

    @Property(tries = 2000)
    void everyValueRoundTrips(@ForAll Register register, @ForAll("fractions") double position) throws FrameException {
        long raw = (long) (position * register.mask());
        RegisterValue value = new RegisterValue(register, raw);
        RegisterValue read = RegisterValue.decode(register, value.encodeAnswer());
        assertThat(read).isEqualTo(value);
        assertThat(read.value()).isBetween(-(register.mask() + 1) / 2, register.mask());
    }

    @Property(tries = 2000)
    void anyCorruptedByteIsCaughtByTheChecksum(@ForAll Register register, @ForAll("fractions") double position,
                                               @ForAll @IntRange(max = 4) int at,
                                               @ForAll @IntRange(min = 1, max = 255) int flip) {
        byte[] answer = new RegisterValue(register, (long) (position * register.mask())).encodeAnswer();
        answer[at % answer.length] ^= (byte) flip;
        // one changed byte changes the byte sum modulo 256, so the NOT-of-sum checksum always notices
        assertThat(catchThrowableOfType(FrameException.class, () -> RegisterValue.decode(register, answer)))
                .hasMessageContaining("checksum");
    }

    @Property(tries = 1000)
    void shortAndLongReadsAreRefusedByLength(@ForAll Register register, @ForAll("fractions") double position,
                                             @ForAll @IntRange(max = 8) int length) {
        byte[] full = new RegisterValue(register, (long) (position * register.mask())).encodeAnswer();
        if (length == full.length) {
            return;
        }
        byte[] cut = Arrays.copyOf(full, length);
        assertThatThrownBy(() -> RegisterValue.decode(register, cut)).isInstanceOf(FrameException.class)
                .hasMessageStartingWith(register + " answer has " + length + " bytes, expected " + full.length);
    }

    @Example
    void aMegabyteAnswerGetsAShortMessage() {
        byte[] flood = new byte[1 << 20];
        FrameException e = catchThrowableOfType(FrameException.class, () -> RegisterValue.decode(Register.URMS, flood));
        assertThat(e.getMessage()).startsWith("URMS answer has 1048576 bytes, expected 4").hasSizeLessThan(200);
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0, 1).edgeCases(c -> c.add(0.0, 1.0, 0.5));
    }
}
