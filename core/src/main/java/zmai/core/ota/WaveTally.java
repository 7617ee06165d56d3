package zmai.core.ota;

/**
 * One wave's devices by outcome, and what the rollout should do about it.
 *
 * @param refused      FAILED_PRECHECK: never commanded, so neither success nor failure of the update
 * @param acknowledged update failures an operator accepted by resuming the rollout after it paused
 */
public record WaveTally(int size, int succeeded, int failed, int refused, int acknowledged) {

    public enum Verdict { CONTINUE, ADVANCE, PAUSE }

    public WaveTally {
        if (size < 0 || succeeded < 0 || failed < 0 || refused < 0 || acknowledged < 0
                || succeeded + failed + refused > size || acknowledged > failed) {
            throw new IllegalArgumentException("inconsistent wave tally: size " + size + ", succeeded " + succeeded
                    + ", failed " + failed + ", refused " + refused + ", acknowledged " + acknowledged);
        }
    }

    public boolean isDone() {
        return succeeded + failed + refused == size;
    }

    /**
     * Pause as soon as the failures are above {@code failurePercent} of the wave's commanded devices, whatever the
     * rest do; once every device has ended, advance only if at least {@code successPercent} of them succeeded.
     */
    public Verdict judge(int failurePercent, int successPercent) {
        int newFailures = failed - acknowledged;
        int commanded = size - refused - acknowledged;
        if (newFailures > 0 && newFailures * 100L > (long) failurePercent * commanded) {
            return Verdict.PAUSE;
        }
        if (!isDone()) {
            return Verdict.CONTINUE;
        }
        return succeeded * 100L >= (long) successPercent * commanded ? Verdict.ADVANCE : Verdict.PAUSE;
    }
}
