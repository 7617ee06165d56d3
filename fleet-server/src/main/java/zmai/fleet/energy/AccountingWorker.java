package zmai.fleet.energy;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import zmai.fleet.db.FailureStreak;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Accounts the registers that live readings (and an interrupted import) left due, a few times a second, so the
 * live path never waits for the accountant and a restart picks up where the last run stopped.
 */
@ApplicationScoped
public class AccountingWorker {

    private static final Logger LOG = Logger.getLogger(AccountingWorker.class);
    private static final Duration PERIOD = Duration.ofMillis(500);
    private static final int KEYS_PER_ROUND = 2_000;

    private final RegisterAccounting accounting;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            r -> new Thread(r, "accounting"));
    private final FailureStreak failures = new FailureStreak(LOG, "accounting");

    AccountingWorker(RegisterAccounting accounting) {
        this.accounting = accounting;
    }

    void start(@Observes StartupEvent event) {
        thread.scheduleWithFixedDelay(this::round, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        thread.shutdown();
        thread.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Accounts what is due now; public for tests that must not wait for the next round. */
    public void round() {
        try {
            List<ReadingKey> due = accounting.due(KEYS_PER_ROUND);
            for (ReadingKey key : due) {
                accounting.accountDue(key, Attribution.ACCOUNTING_WORKER);
            }
            failures.succeeded();
        } catch (SQLException | RuntimeException e) {
            // the readings stay due and are accounted when it works again
            failures.failed(e);
        }
    }
}
