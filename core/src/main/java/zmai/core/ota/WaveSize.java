package zmai.core.ota;

/** How far one wave reaches: a cumulative share of the rollout's devices, or a number of devices more. */
public sealed interface WaveSize {

    /** The devices in all waves up to and including this one, out of {@code total}. */
    int reach(int previousReach, int total);

    /** All waves up to this one cover {@code percent} % of the devices (rounded up). */
    record Percent(int percent) implements WaveSize {
        public Percent {
            if (percent < 1 || percent > 100) {
                throw new IllegalArgumentException("a wave reaches 1..100 % of the devices, not " + percent);
            }
        }

        @Override
        public int reach(int previousReach, int total) {
            return Math.max(previousReach, (int) Math.ceil(total * (percent / 100.0)));
        }
    }

    /** This wave adds {@code devices} devices. */
    record Count(int devices) implements WaveSize {
        public Count {
            if (devices < 1) {
                throw new IllegalArgumentException("a wave holds at least one device, not " + devices);
            }
        }

        @Override
        public int reach(int previousReach, int total) {
            return Math.min(total, previousReach + devices);
        }
    }
}
