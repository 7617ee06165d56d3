package zmai.flasher.sim;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What goes wrong on the simulated line, all randomness drawn from {@code seed} so a failing run can be
 * replayed.
 *
 * @param seed                 seeds every random choice (drops, corruption, the noise phase)
 * @param toChip               faults of host → chip bytes
 * @param fromChip             faults of chip → host bytes
 * @param rn8209cNoise         a ZMAi-90's RN8209C on UART1: a burst of 0x00 bytes every 250 ms, and every
 *                             host byte arriving while a burst lasts is lost (spec §11)
 * @param stallAfterAnswerBytes the chip goes silent for the rest of the session after sending this many
 *                             answer bytes (may be mid-frame, e.g. mid-block)
 * @param linkWindowDelay      a late link window: it opens this long after each power-up
 */
public record Faults(long seed, LineFaults toChip, LineFaults fromChip, boolean rn8209cNoise,
                     OptionalLong stallAfterAnswerBytes, Duration linkWindowDelay) {

    public Faults {
        Objects.requireNonNull(toChip, "toChip");
        Objects.requireNonNull(fromChip, "fromChip");
        Objects.requireNonNull(stallAfterAnswerBytes, "stallAfterAnswerBytes");
        Objects.requireNonNull(linkWindowDelay, "linkWindowDelay");
    }

    public static Faults none() {
        return new Faults(0, LineFaults.NONE, LineFaults.NONE, false, OptionalLong.empty(), Duration.ZERO);
    }

    public static Faults seeded(long seed) {
        return none().withSeed(seed);
    }

    public Faults withSeed(long newSeed) {
        return new Faults(newSeed, toChip, fromChip, rn8209cNoise, stallAfterAnswerBytes, linkWindowDelay);
    }

    public Faults withToChip(LineFaults faults) {
        return new Faults(seed, faults, fromChip, rn8209cNoise, stallAfterAnswerBytes, linkWindowDelay);
    }

    public Faults withFromChip(LineFaults faults) {
        return new Faults(seed, toChip, faults, rn8209cNoise, stallAfterAnswerBytes, linkWindowDelay);
    }

    public Faults withRn8209cNoise(boolean noise) {
        return new Faults(seed, toChip, fromChip, noise, stallAfterAnswerBytes, linkWindowDelay);
    }

    public Faults withStallAfterAnswerBytes(long bytes) {
        return new Faults(seed, toChip, fromChip, rn8209cNoise, OptionalLong.of(bytes), linkWindowDelay);
    }

    public Faults withLinkWindowDelay(Duration delay) {
        return new Faults(seed, toChip, fromChip, rn8209cNoise, stallAfterAnswerBytes, delay);
    }
}
