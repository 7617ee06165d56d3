package zmai.core.energy;

import java.time.Duration;
import java.util.Optional;

/** Tells from two consecutive readings of one device whether it rebooted in between. */
final class BootChange {

    /**
     * Receive times and uptime clocks disagree a little (network delay, a crystal off by up to 0.1 %);
     * an uptime that falls further behind the wall clock than this means the device restarted.
     */
    private static final Duration MIN_SLACK = Duration.ofMinutes(1);
    private static final long DRIFT_DIVISOR = 1000;

    private BootChange() {
    }

    /** Why {@code next} was sent after a reboot that followed {@code previous}, or empty if it was not. */
    static Optional<String> between(CounterReading previous, CounterReading next) {
        if (previous.bootCount().isPresent() && next.bootCount().isPresent()
                && previous.bootCount().getAsLong() != next.bootCount().getAsLong()) {
            return Optional.of("boot counter " + previous.bootCount().getAsLong() + " → " + next.bootCount().getAsLong());
        }
        if (previous.uptimeSeconds().isPresent() && next.uptimeSeconds().isPresent()) {
            long before = previous.uptimeSeconds().getAsLong();
            long after = next.uptimeSeconds().getAsLong();
            Duration elapsed = Duration.between(previous.at(), next.at());
            long slack = Math.max(MIN_SLACK.toSeconds(), elapsed.toSeconds() / DRIFT_DIVISOR);
            // uptime went down, or grew far less than the time that passed: the clock started again
            if (after < before || after + slack < before + elapsed.toSeconds()) {
                return Optional.of("uptime " + before + " s → " + after + " s over " + elapsed.toSeconds() + " s");
            }
        }
        return Optional.empty();
    }
}
