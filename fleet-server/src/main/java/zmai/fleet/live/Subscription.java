package zmai.fleet.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.jboss.logging.Logger;
import zmai.fleet.device.DeviceView;

import java.io.UncheckedIOException;
import java.util.Set;

/** One client's stream: the devices it watches and the last summary it was sent. Sent to by the feed's thread only. */
final class Subscription {

    private static final Logger LOG = Logger.getLogger(Subscription.class);

    private final SseEventSink sink;
    private final Sse sse;
    private final ObjectMapper json;
    private final Set<String> watched;
    private Summary lastSummary;
    private volatile boolean open = true;

    Subscription(SseEventSink sink, Sse sse, ObjectMapper json, Set<String> watched) {
        this.sink = sink;
        this.sse = sse;
        this.json = json;
        this.watched = Set.copyOf(watched);
    }

    Set<String> watched() {
        return watched;
    }

    boolean isOpen() {
        return open && !sink.isClosed();
    }

    /** Sends the summary unless this client has it already. */
    void summary(Summary summary) {
        if (!summary.equals(lastSummary)) {
            lastSummary = summary;
            send(sse.newEventBuilder().name("summary").data(write(summary)).build());
        }
    }

    void device(DeviceView view) {
        send(sse.newEventBuilder().name("device").data(write(view)).build());
    }

    void keepAlive() {
        send(sse.newEventBuilder().comment(" keep-alive").build());
    }

    void close() {
        open = false;
        try {
            sink.close();
        } catch (RuntimeException e) {
            LOG.debugf("closing a live stream: %s", e.getMessage());
        }
    }

    // a write that fails means the client went away: the feed drops this subscription on its next tick
    private void send(OutboundSseEvent event) {
        if (!isOpen()) {
            return;
        }
        try {
            sink.send(event).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    LOG.debugf("a live stream could not be written (%s); closing it", failure.getMessage());
                    open = false;
                }
            });
        } catch (RuntimeException e) {
            LOG.debugf("a live stream could not be written (%s); closing it", e.getMessage());
            open = false;
        }
    }

    // written here rather than by the sink, which would add a non-standard content-type line to each event
    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
