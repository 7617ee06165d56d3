package zmai.flasher.sim;

import java.util.SplittableRandom;

/**
 * Byte faults of one direction of the line: each byte is dropped with {@code dropRate}, else corrupted
 * (flipped to another value) with {@code corruptRate}.
 */
public record LineFaults(double dropRate, double corruptRate) {

    public static final LineFaults NONE = new LineFaults(0, 0);

    public LineFaults {
        if (dropRate < 0 || dropRate > 1 || corruptRate < 0 || corruptRate > 1) {
            throw new IllegalArgumentException("fault rates are probabilities in [0, 1]");
        }
    }

    public boolean isNone() {
        return dropRate == 0 && corruptRate == 0;
    }

    /**
     * Applies the faults to {@code bytes[0, length)} in place, dropped bytes removed.
     *
     * @return how many bytes are left
     */
    int apply(byte[] bytes, int length, SplittableRandom random, LineStats.Direction counters) {
        if (isNone()) {
            return length;
        }
        int kept = 0;
        for (int i = 0; i < length; i++) {
            if (random.nextDouble() < dropRate) {
                counters.dropped.incrementAndGet();
                continue;
            }
            byte b = bytes[i];
            if (random.nextDouble() < corruptRate) {
                // XOR with a non-zero value so the byte really changes
                b ^= (byte) (1 + random.nextInt(255));
                counters.corrupted.incrementAndGet();
            }
            bytes[kept++] = b;
        }
        return kept;
    }
}
