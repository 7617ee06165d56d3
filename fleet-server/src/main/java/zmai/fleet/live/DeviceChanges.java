package zmai.fleet.live;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Who hears that device rows changed: the writers announce the ids once their transaction committed, so a
 * listener that reads the rows sees the change.
 */
@ApplicationScoped
public class DeviceChanges {

    private static final Logger LOG = Logger.getLogger(DeviceChanges.class);

    private final List<Consumer<Set<String>>> listeners = new CopyOnWriteArrayList<>();

    /** Adds a listener; the returned action removes it. */
    public Runnable listen(Consumer<Set<String>> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Called after the commit that changed these devices; a failing listener never fails the writer. */
    public void announce(Collection<String> deviceIds) {
        if (deviceIds.isEmpty()) {
            return;
        }
        Set<String> ids = Set.copyOf(deviceIds);
        for (Consumer<Set<String>> listener : listeners) {
            try {
                listener.accept(ids);
            } catch (RuntimeException e) {
                LOG.warnf(e, "a listener of device changes failed");
            }
        }
    }
}
