package zmai.core.link;

import java.time.Duration;
import java.util.List;

/**
 * How the adapter's modem lines are wired to the chip's CEN (reset) pin, and the pulse that restarts it
 * into the boot ROM. "Asserted" is the logical state (pyserial's {@code rts = True}); on the wire an
 * asserted line is low, which is what pulls CEN low.
 */
public enum ResetPulse {
    /** No line wired: the user bridges CEN to GND by hand. */
    NONE(List.of()),
    /** RTS on CEN, the bk7231tools sequence: RTS+DTR asserted 100 ms, DTR released 100 ms, RTS released. */
    RTS_TO_CEN(List.of(
            new Step(ModemLine.RTS, true, Duration.ZERO),
            new Step(ModemLine.DTR, true, Duration.ofMillis(100)),
            new Step(ModemLine.DTR, false, Duration.ofMillis(100)),
            new Step(ModemLine.RTS, false, Duration.ZERO))),
    /** DTR on CEN: RTS kept released, DTR asserted for 200 ms, then released. */
    DTR_TO_CEN(List.of(
            new Step(ModemLine.RTS, false, Duration.ZERO),
            new Step(ModemLine.DTR, true, Duration.ofMillis(200)),
            new Step(ModemLine.DTR, false, Duration.ZERO)));

    public enum ModemLine { RTS, DTR }

    /** Set {@code line} to {@code asserted}, then hold everything for {@code hold}. */
    public record Step(ModemLine line, boolean asserted, Duration hold) {
        public Step {
            if (hold.isNegative()) {
                throw new IllegalArgumentException("a negative hold: " + hold);
            }
        }
    }

    private final List<Step> steps;

    ResetPulse(List<Step> steps) {
        this.steps = steps;
    }

    public List<Step> steps() {
        return steps;
    }

    /** How long the pulse takes, the sum of its holds. */
    public Duration duration() {
        return steps.stream().map(Step::hold).reduce(Duration.ZERO, Duration::plus);
    }
}
