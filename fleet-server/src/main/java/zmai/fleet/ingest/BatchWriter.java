package zmai.fleet.ingest;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import zmai.fleet.config.FleetConfig;
import zmai.fleet.live.DeviceChanges;
import zmai.fleet.tracking.DeviceTracker;
import zmai.fleet.tracking.TrackingChanges;
import zmai.fleet.tracking.TrackingStore;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns the tracker's changes into database writes, one transaction per batch, on its own thread: a batch is
 * cut when enough messages are waiting or the flush interval has passed. A batch that cannot be written (the
 * database is down) is kept and retried in order, and its messages stay unacknowledged, so the broker holds
 * back the rest: nothing acknowledged is ever lost, and memory stays bounded by the broker's in-flight window.
 */
@ApplicationScoped
public class BatchWriter {

    private static final Logger LOG = Logger.getLogger(BatchWriter.class);
    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(10);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private record Batch(TrackingChanges changes, List<PendingAck> acks) {
    }

    private final FleetConfig.Ingest settings;
    private final DeviceTracker tracker;
    private final TrackingStore store;
    private final DeviceChanges announced;
    private final Timer lag;
    private final DistributionSummary batchSizes;
    private final Object lock = new Object();
    private List<PendingAck> taken = new ArrayList<>();
    private final Deque<Batch> unwritten = new ArrayDeque<>();
    private Consumer<List<PendingAck>> acknowledger = acks -> { };
    private Thread thread;
    private volatile boolean running;
    private volatile boolean databaseDown;

    BatchWriter(FleetConfig config, DeviceTracker tracker, TrackingStore store, DeviceChanges announced,
                MeterRegistry metrics) {
        this.settings = config.ingest();
        this.tracker = tracker;
        this.store = store;
        this.announced = announced;
        this.lag = metrics.timer("fleet.ingest.lag");
        this.batchSizes = metrics.summary("fleet.ingest.batch.size");
        metrics.gauge("fleet.ingest.unwritten.batches", unwritten, Deque::size);
    }

    void start(Consumer<List<PendingAck>> acknowledger) {
        this.acknowledger = acknowledger;
        running = true;
        thread = new Thread(this::run, "ingest-writer");
        thread.start();
    }

    /** Called on the MQTT thread after the message has been applied to the tracker. */
    void taken(PendingAck ack) {
        synchronized (lock) {
            taken.add(ack);
            if (taken.size() >= settings.batchSize()) {
                lock.notifyAll();
            }
        }
    }

    /** Writes what was taken, then stops; a batch the database still refuses is left unacknowledged. */
    void stop() {
        running = false;
        synchronized (lock) {
            lock.notifyAll();
        }
        try {
            if (thread != null) {
                thread.join(Duration.ofSeconds(30).toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isDatabaseDown() {
        return databaseDown;
    }

    /** Batches taken but not yet durable; more than one while the database refuses writes. */
    int unwrittenBatches() {
        return unwritten.size();
    }

    private void run() {
        Instant nextSweep = Instant.now().plus(SWEEP_INTERVAL);
        Duration backoff = Duration.ZERO;
        while (running) {
            waitForWork(backoff);
            if (Instant.now().isAfter(nextSweep)) {
                tracker.markSilent(Instant.now(), settings.silenceTimeout());
                nextSweep = Instant.now().plus(SWEEP_INTERVAL);
            }
            backoff = flush() ? Duration.ZERO : nextBackoff(backoff);
        }
        flush();
    }

    private void waitForWork(Duration backoff) {
        long waitMillis = Math.max(1, (backoff.isZero() ? settings.flushInterval() : backoff).toMillis());
        synchronized (lock) {
            if (running && taken.size() < settings.batchSize()) {
                try {
                    lock.wait(waitMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    /** Cuts a batch and writes every unwritten one in order; false when the database refused. */
    boolean flush() {
        List<PendingAck> acks;
        synchronized (lock) {
            acks = taken;
            taken = new ArrayList<>();
        }
        // acks first, changes second: a change applied after its ack was cut is only written earlier, never later
        TrackingChanges changes = tracker.drain();
        if (!acks.isEmpty() || !changes.isEmpty()) {
            unwritten.addLast(new Batch(changes, acks));
        }
        while (!unwritten.isEmpty()) {
            Batch batch = unwritten.peekFirst();
            try {
                store.write(batch.changes());
            } catch (SQLException | RuntimeException | AssertionError e) {
                // the driver can fail a connection the server closed with an assertion (when run with -ea); the
                // writer thread must outlive every kind of database failure
                if (!databaseDown) {
                    LOG.errorf("the database refused a batch of %d changes (%s); holding %d messages"
                            + " unacknowledged and retrying", batch.changes().size(), e.getMessage(), batch.acks().size());
                }
                databaseDown = true;
                return false;
            }
            if (databaseDown) {
                LOG.infof("the database is back; %d held batches written", unwritten.size());
                databaseDown = false;
            }
            unwritten.removeFirst();
            announced.announce(batch.changes().deviceIds());
            batchSizes.record(batch.acks().size());
            Instant now = Instant.now();
            for (PendingAck ack : batch.acks()) {
                lag.record(Duration.between(ack.receivedAt(), now));
            }
            acknowledger.accept(batch.acks());
        }
        return true;
    }

    private static Duration nextBackoff(Duration current) {
        Duration next = current.isZero() ? Duration.ofMillis(250) : current.multipliedBy(2);
        return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
    }
}
