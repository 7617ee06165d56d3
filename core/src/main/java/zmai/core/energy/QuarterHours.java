package zmai.core.energy;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * 15-minute UTC buckets, the unit energy is stored in. Quarter hours need no special case for
 * half-hour time zones or for 23- and 25-hour DST days.
 */
public final class QuarterHours {

    public static final Duration LENGTH = Duration.ofMinutes(15);
    private static final long SECONDS = LENGTH.toSeconds();
    private static final long NANOS = LENGTH.toNanos();

    private QuarterHours() {
    }

    /** Energy that falls into the bucket starting at {@code start}. */
    public record Share(Instant start, long mwh) {
    }

    public static Instant bucketStart(Instant instant) {
        return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), SECONDS) * SECONDS);
    }

    /**
     * Spreads {@code mwh} linearly in time over {@code [from, to]}. The energy up to each bucket's end is the
     * exact linear share rounded down, and a bucket gets the difference from the one before: the parts sum to
     * {@code mwh}, and every run of buckets (a day, a month) is within 1 mWh of its exact linear share. An empty
     * interval puts everything in the bucket of {@code to}.
     */
    public static List<Share> split(long mwh, Instant from, Instant to) {
        if (mwh < 0) {
            throw new IllegalArgumentException("cannot allocate negative energy: " + mwh + " mWh");
        }
        if (!from.isBefore(to)) {
            return List.of(new Share(bucketStart(to), mwh));
        }
        BigInteger energy = BigInteger.valueOf(mwh);
        BigInteger span = BigInteger.valueOf(Duration.between(from, to).toNanos());
        List<Share> shares = new ArrayList<>();
        long before = 0;
        for (Instant start = bucketStart(from); start.isBefore(to); start = start.plus(LENGTH)) {
            Instant end = start.plusNanos(NANOS);
            Instant upTo = end.isBefore(to) ? end : to;
            long cumulative = linearShare(mwh, Duration.between(from, upTo).toNanos(), energy, span);
            shares.add(new Share(start, cumulative - before));
            before = cumulative;
        }
        return List.copyOf(shares);
    }

    /** {@code mwh × elapsed / span} rounded down; in long arithmetic unless the product would overflow. */
    private static long linearShare(long mwh, long elapsedNanos, BigInteger energy, BigInteger span) {
        if (Math.multiplyHigh(mwh, elapsedNanos) == 0) {
            long product = mwh * elapsedNanos;
            if (product >= 0) {
                return product / span.longValue();
            }
        }
        return energy.multiply(BigInteger.valueOf(elapsedNanos)).divide(span).longValueExact();
    }
}
