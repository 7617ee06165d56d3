package zmai.core.energy;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
     * Spreads {@code mwh} linearly in time over {@code [from, to]}. Each bucket gets the whole mWh of its
     * exact share; the few left over go to the buckets with the largest remainders (earliest first on a
     * tie), so the parts always sum to {@code mwh}. An empty interval puts everything in the bucket of
     * {@code to}.
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
        List<Part> parts = new ArrayList<>();
        long allocated = 0;
        for (Instant start = bucketStart(from); start.isBefore(to); start = start.plus(LENGTH)) {
            Instant end = start.plusNanos(NANOS);
            Instant overlapStart = start.isAfter(from) ? start : from;
            Instant overlapEnd = end.isBefore(to) ? end : to;
            BigInteger[] quotient = energy.multiply(BigInteger.valueOf(Duration.between(overlapStart, overlapEnd).toNanos()))
                    .divideAndRemainder(span);
            Part part = new Part(parts.size(), start, quotient[0].longValueExact(), quotient[1]);
            parts.add(part);
            allocated += part.whole;
        }
        long leftOver = mwh - allocated;
        parts.stream()
                .sorted(Comparator.comparing((Part p) -> p.remainder).reversed().thenComparingInt(p -> p.index))
                .limit(leftOver)
                .forEach(p -> p.whole++);
        return parts.stream().map(p -> new Share(p.start, p.whole)).toList();
    }

    private static final class Part {
        final int index;
        final Instant start;
        long whole;
        final BigInteger remainder;

        Part(int index, Instant start, long whole, BigInteger remainder) {
            this.index = index;
            this.start = start;
            this.whole = whole;
            this.remainder = remainder;
        }
    }
}
