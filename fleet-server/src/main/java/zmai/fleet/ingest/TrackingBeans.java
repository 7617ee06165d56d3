package zmai.fleet.ingest;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import zmai.fleet.tracking.DeviceTracker;
import zmai.fleet.tracking.TrackingStore;

import java.sql.SQLException;
import java.time.Duration;

/** The plain tracking classes as beans; the tracker starts from what the database knows. */
@ApplicationScoped
class TrackingBeans {

    /** A topic that switches back to a MAC within this time has two meters fighting over it. */
    private static final Duration CONFLICT_WINDOW = Duration.ofMinutes(10);

    @Produces
    @ApplicationScoped
    TrackingStore store(AgroalDataSource dataSource) {
        return new TrackingStore(dataSource);
    }

    @Produces
    @ApplicationScoped
    DeviceTracker tracker(TrackingStore store) throws SQLException {
        DeviceTracker tracker = new DeviceTracker(CONFLICT_WINDOW);
        tracker.load(store.loadAll());
        return tracker;
    }
}
