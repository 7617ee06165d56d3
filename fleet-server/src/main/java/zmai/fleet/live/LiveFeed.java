package zmai.fleet.live;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.jboss.logging.Logger;
import zmai.fleet.config.FleetConfig;
import zmai.fleet.db.FailureStreak;
import zmai.fleet.device.DeviceView;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Fans device changes out to the live streams. Changes are gathered as they are announced and handled once a
 * tick, so a device that changes many times a second is read and sent once; each tick reads every changed row
 * any stream watches in one query, and the counts once, for all streams. Everything that reads the database or
 * writes to a stream runs on the feed's own thread, never on the event loop.
 */
@ApplicationScoped
public class LiveFeed {

    private static final Logger LOG = Logger.getLogger(LiveFeed.class);
    private final FailureStreak failures = new FailureStreak(LOG, "live device updates");
    static final Duration TICK = Duration.ofSeconds(1);

    private final DeviceChanges changes;
    private final DeviceRows rows;
    private final Duration keepAlive;
    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService thread;
    private Runnable unlisten;
    private Instant lastKeepAlive = Instant.now();

    LiveFeed(DeviceChanges changes, DeviceRows rows, FleetConfig config, MeterRegistry metrics) {
        this.changes = changes;
        this.rows = rows;
        this.keepAlive = config.live().keepAlive();
        metrics.gaugeCollectionSize("fleet.live.streams", Tags.empty(), subscriptions);
    }

    @PostConstruct
    void start() {
        unlisten = changes.listen(changed::addAll);
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "live-devices");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        unlisten.run();
        thread.shutdownNow();
        subscriptions.forEach(Subscription::close);
    }

    /** Starts a stream: the current summary and watched devices first, then their changes. */
    void open(Subscription subscription) {
        // watching before the first read: a change in between is sent again rather than missed
        subscriptions.add(subscription);
        LOG.debugf("live stream opened, watching %d devices; %d streams", subscription.watched().size(),
                subscriptions.size());
        thread.execute(() -> guarded(() -> {
            subscription.summary(rows.summary());
            rows.views(subscription.watched()).values().forEach(subscription::device);
        }));
    }

    private void tick() {
        Set<String> ids = drainChanged();
        guarded(() -> {
            dropClosed();
            if (subscriptions.isEmpty()) {
                return;
            }
            if (!ids.isEmpty()) {
                try {
                    send(ids);
                } catch (RuntimeException e) {
                    // sent on a later tick instead, once the database answers again
                    changed.addAll(ids);
                    throw e;
                }
            }
            Instant now = Instant.now();
            if (!now.isBefore(lastKeepAlive.plus(keepAlive))) {
                lastKeepAlive = now;
                subscriptions.forEach(Subscription::keepAlive);
            }
        });
    }

    private void send(Set<String> ids) {
        Summary summary = rows.summary();
        Set<String> wanted = new HashSet<>();
        for (Subscription s : subscriptions) {
            s.summary(summary);
            s.watched().stream().filter(ids::contains).forEach(wanted::add);
        }
        if (wanted.isEmpty()) {
            return;
        }
        Map<String, DeviceView> views = rows.views(wanted);
        for (Subscription s : subscriptions) {
            s.watched().stream().filter(ids::contains).map(views::get).filter(Objects::nonNull).forEach(s::device);
        }
    }

    private Set<String> drainChanged() {
        Set<String> ids = new HashSet<>();
        for (String id : changed) {
            changed.remove(id);
            ids.add(id);
        }
        return ids;
    }

    private void dropClosed() {
        subscriptions.removeIf(s -> {
            if (s.isOpen()) {
                return false;
            }
            s.close();
            LOG.debugf("live stream closed; %d streams", subscriptions.size() - 1);
            return true;
        });
    }

    // the feed's thread must outlive a database that is down for a while
    private void guarded(Runnable work) {
        try {
            work.run();
            failures.succeeded();
        } catch (RuntimeException e) {
            failures.failed(e);
        }
    }
}
