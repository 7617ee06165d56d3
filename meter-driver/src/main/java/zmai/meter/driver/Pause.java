package zmai.meter.driver;

import java.time.Duration;

/** Waiting between retries and after a reset; tests pass one that does not sleep. */
@FunctionalInterface
public interface Pause {

    void pause(Duration duration) throws InterruptedException;

    static Pause sleeping() {
        return duration -> Thread.sleep(duration.toMillis(), (int) (duration.toNanosPart() % 1_000_000));
    }
}
