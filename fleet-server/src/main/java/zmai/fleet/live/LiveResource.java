package zmai.fleet.live;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Live device updates as server-sent events: {@code summary} (the fleet's counts) and {@code device} (a watched
 * device as {@code GET /api/devices/{id}} shows it), each sent at connect and then at most once a second when it
 * changed, and a keep-alive comment every 15 seconds.
 */
@Path("/api/devices/live")
public class LiveResource {

    static final int MAX_IDS = 500;

    private final LiveFeed feed;
    private final ObjectMapper json;

    LiveResource(LiveFeed feed, ObjectMapper json) {
        this.feed = feed;
        this.json = json;
    }

    @GET
    @RolesAllowed("viewer")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@QueryParam("ids") String ids, @Context SseEventSink sink, @Context Sse sse,
                       @Context HttpServerResponse response) {
        // a browser keeps an abandoned keep-alive stream's connection busy draining it, and has only six per
        // server; a stream the browser stops with is better closed outright
        response.putHeader(HttpHeaders.CONNECTION, "close");
        feed.open(new Subscription(sink, sse, json, watched(ids)));
    }

    static Set<String> watched(String ids) {
        if (ids == null) {
            return Set.of();
        }
        Set<String> watched = Arrays.stream(ids.split(",")).map(String::strip).filter(id -> !id.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (watched.size() > MAX_IDS) {
            throw new IllegalArgumentException("watch at most " + MAX_IDS + " devices in one stream, not "
                    + watched.size());
        }
        return watched;
    }
}
