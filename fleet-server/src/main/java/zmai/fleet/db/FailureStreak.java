package zmai.fleet.db;

import org.jboss.logging.Logger;

/**
 * Logs the first failure of a task that repeats every tick, and its recovery, but not each attempt in between: a
 * database that is down for a minute would otherwise fill the log with hundreds of the same stack trace.
 */
public final class FailureStreak {

    private final Logger log;
    private final String task;
    private int failures;

    public FailureStreak(Logger log, String task) {
        this.log = log;
        this.task = task;
    }

    public synchronized void failed(Exception e) {
        if (failures++ == 0) {
            log.errorf("%s failed (%s); trying again every round, quietly until it works", task, e.getMessage());
        } else {
            log.debugf("%s failed again: %s", task, e.getMessage());
        }
    }

    public synchronized void succeeded() {
        if (failures > 0) {
            log.infof("%s works again, after %d failed rounds", task, failures);
            failures = 0;
        }
    }
}
