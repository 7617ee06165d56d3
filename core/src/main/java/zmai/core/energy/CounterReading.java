package zmai.core.energy;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.LongBinaryOperator;

/**
 * One value of a meter's lifetime energy counter, with the evidence the accountant needs to tell a
 * reboot from a reset.
 *
 * <p>A reading is identified by its instant and value alone: the same pair seen again, with or without
 * markers, is a duplicate and changes nothing.
 *
 * @param bootCount     the device's boot counter, which goes up at every reboot (the live path counts
 *                      LWT offline→online transitions into it), if known
 * @param uptimeSeconds the device's uptime when it sent the value, if known
 * @param reset         true when this reading is a proven reset: the counter was set to {@code valueMwh}
 *                      at {@code at} (OpenBeken {@code EnergyCntReset}, a changed clear date)
 */
public record CounterReading(Instant at, long valueMwh, OptionalLong bootCount, OptionalLong uptimeSeconds,
                             boolean reset) {

    /** Device order for accounting: by instant, then value, so that any arrival order gives one sequence. */
    public static final Comparator<CounterReading> DEVICE_ORDER =
            Comparator.comparing(CounterReading::at).thenComparingLong(CounterReading::valueMwh);

    public CounterReading {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(bootCount, "bootCount");
        Objects.requireNonNull(uptimeSeconds, "uptimeSeconds");
        if (valueMwh < 0) {
            throw new IllegalArgumentException("a counter reading cannot be negative: " + valueMwh + " mWh");
        }
        if (uptimeSeconds.isPresent() && uptimeSeconds.getAsLong() < 0) {
            throw new IllegalArgumentException("uptime cannot be negative: " + uptimeSeconds.getAsLong() + " s");
        }
    }

    public static CounterReading of(Instant at, long valueMwh) {
        return new CounterReading(at, valueMwh, OptionalLong.empty(), OptionalLong.empty(), false);
    }

    public CounterReading withBootCount(long count) {
        return new CounterReading(at, valueMwh, OptionalLong.of(count), uptimeSeconds, reset);
    }

    public CounterReading withUptimeSeconds(long seconds) {
        return new CounterReading(at, valueMwh, bootCount, OptionalLong.of(seconds), reset);
    }

    public CounterReading asReset() {
        return new CounterReading(at, valueMwh, bootCount, uptimeSeconds, true);
    }

    /**
     * The evidence of two copies of the same raw reading, combined so that arrival order does not matter:
     * a reset flag on either copy holds, the higher boot count and the lower uptime win.
     */
    public CounterReading mergedWith(CounterReading copy) {
        if (!sameReadingAs(copy)) {
            throw new IllegalArgumentException("not copies of one reading: " + this + " and " + copy);
        }
        return new CounterReading(at, valueMwh, preferred(bootCount, copy.bootCount, Math::max),
                preferred(uptimeSeconds, copy.uptimeSeconds, Math::min), reset || copy.reset);
    }

    private static OptionalLong preferred(OptionalLong a, OptionalLong b, LongBinaryOperator pick) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : OptionalLong.of(pick.applyAsLong(a.getAsLong(), b.getAsLong()));
    }

    /** True when both readings are the same raw reading (same instant, same value). */
    public boolean sameReadingAs(CounterReading other) {
        return at.equals(other.at) && valueMwh == other.valueMwh;
    }
}
