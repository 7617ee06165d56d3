package zmai.meter.sim;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulated chip reads host bytes from a TCP client; whatever arrives, it answers reads and never throws. */
class SimulatedRn8209cFuzzTest {

    // the widest register is 4 bytes, so one read command earns at most 4 data bytes and a checksum
    private static final int LONGEST_ANSWER = 5;

    @Property(tries = 1000)
    void arbitraryHostBytesGetBoundedAnswers(@ForAll @Size(max = 20) List<@Size(max = 64) byte[]> chunks) {
        SimulatedRn8209c chip = SimulatedRn8209c.builder().clock(new ManualClock())
                .load(new Load(230, 0.2609, 60, 50)).build();
        for (byte[] chunk : chunks) {
            assertThat(chip.receive(chunk).length).isLessThanOrEqualTo(LONGEST_ANSWER * chunk.length);
        }
    }
}
