package zmai.fleet.ota;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.Unpooled;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.netty.channel.ChannelOption;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves images to devices over plain HTTP (OpenBeken has no HTTPS client) and watches every byte go out: the
 * device is silent on MQTT while it downloads, so this is how a rollout knows it is downloading and how far it got.
 *
 * <p>Bytes are written on the event loop as the socket drains, so a slow device holds a connection and a cursor,
 * never a thread; database writes go to worker threads.
 */
@ApplicationScoped
public class ImageServer {

    static final int CHUNK = 16 * 1024;
    /** Progress is recorded every this many bytes. */
    static final long PROGRESS_EVERY = 256 * 1024;
    /**
     * The kernel's send buffer for an image connection. Left to autotuning it grows to megabytes, and every byte
     * in it counts as sent while the device may never get it; a small one keeps "bytes sent" within this much of
     * what left the machine, and still allows megabytes per second on a LAN, far more than a meter takes.
     */
    static final int SEND_BUFFER = 32 * 1024;
    private static final Logger LOG = Logger.getLogger(ImageServer.class);

    private final ImageDownloads downloads;
    private final AtomicInteger active = new AtomicInteger();
    private final Counter bytesServed;
    private final MeterRegistry metrics;
    private final Vertx vertx;

    ImageServer(ImageDownloads downloads, MeterRegistry metrics, Vertx vertx) {
        this.downloads = downloads;
        this.vertx = vertx;
        this.metrics = metrics;
        this.bytesServed = metrics.counter("fleet_ota_image_bytes_served_total");
        metrics.gauge("fleet_ota_image_downloads_active", active);
    }

    void routes(@Observes Router router) {
        router.get(ImageUrls.PREFIX + ":token/:device/:file").handler(this::serve);
    }

    private void serve(RoutingContext ctx) {
        String token = ctx.pathParam("token");
        String device = ctx.pathParam("device");
        String file = ctx.pathParam("file");
        String range = ctx.request().getHeader("Range");
        vertx.executeBlocking(() -> downloads.grant(token, device, file, Instant.now()), false)
                .onSuccess(grant -> {
                    if (grant.isEmpty()) {
                        // the same answer for a wrong secret, a device not fetching, and an ended rollout
                        ctx.response().setStatusCode(404).end("no such image");
                    } else {
                        start(ctx, grant.get(), range);
                    }
                })
                .onFailure(e -> {
                    LOG.errorf(e, "could not look up image %s for device %s", file, device);
                    ctx.response().setStatusCode(503).end("try again later");
                });
    }

    private void start(RoutingContext ctx, ImageDownloads.Grant grant, String rangeHeader) {
        HttpServerResponse response = ctx.response();
        long size = grant.image().length;
        Optional<ByteRange> range;
        try {
            range = ByteRange.parse(rangeHeader, size);
        } catch (ByteRange.Unsatisfiable e) {
            response.setStatusCode(416).putHeader("Content-Range", "bytes */" + size).end();
            return;
        }
        ByteRange bytes = range.orElse(new ByteRange(0, size - 1));
        response.putHeader("Content-Type", "application/octet-stream")
                .putHeader("Accept-Ranges", "bytes")
                .putHeader("Content-Length", Long.toString(bytes.length()))
                .putHeader("Cache-Control", "no-store");
        if (range.isPresent()) {
            response.setStatusCode(206).putHeader("Content-Range",
                    "bytes " + bytes.first() + "-" + bytes.last() + "/" + size);
        }
        // an HTTP/2 connection is shared by streams; meters speak HTTP/1.1, one download per connection
        if (ctx.request().version() != HttpVersion.HTTP_2
                && ctx.request().connection() instanceof ConnectionBase connection) {
            connection.channel().config().setOption(ChannelOption.SO_SNDBUF, SEND_BUFFER);
        }
        active.incrementAndGet();
        new Transfer(grant, response, bytes).pump();
    }

    /** One response in flight: the next byte to write, and whether the end was already recorded. */
    private final class Transfer {
        private final ImageDownloads.Grant grant;
        private final HttpServerResponse response;
        private final ByteRange range;
        private long next;
        private long lastRecorded;
        private boolean over;

        Transfer(ImageDownloads.Grant grant, HttpServerResponse response, ByteRange range) {
            this.grant = grant;
            this.response = response;
            this.range = range;
            this.next = range.first();
            this.lastRecorded = next;
            response.closeHandler(v -> end(false));
            response.exceptionHandler(e -> end(false));
        }

        void pump() {
            while (!over && next <= range.last() && !response.writeQueueFull()) {
                int n = (int) Math.min(CHUNK, range.last() + 1 - next);
                response.write(Buffer.buffer(Unpooled.wrappedBuffer(grant.image(), (int) next, n)));
                next += n;
                bytesServed.increment(n);
                if (next - lastRecorded >= PROGRESS_EVERY) {
                    lastRecorded = next;
                    long reached = next;
                    record(() -> downloads.progress(grant, reached));
                }
            }
            if (over) {
                return;
            }
            if (next > range.last()) {
                response.end().onComplete(done -> end(done.succeeded()));
            } else {
                response.drainHandler(v -> pump());
            }
        }

        private void end(boolean sent) {
            if (over) {
                return;
            }
            over = true;
            active.decrementAndGet();
            // the device closing as soon as it has the last byte can beat the end's own callback
            boolean handedOver = sent || next > range.last();
            boolean complete = handedOver && range.last() == grant.image().length - 1;
            long reached = handedOver ? range.last() + 1 : next;
            if (handedOver && !complete) {
                // a range before the end, served whole: the device is resuming or fetching in parts
                record(() -> downloads.progress(grant, reached));
                return;
            }
            metrics.counter("fleet_ota_image_downloads_total", "outcome", complete ? "complete" : "aborted")
                    .increment();
            record(() -> downloads.ended(grant, reached, complete, Instant.now()));
        }
    }

    private interface Write {
        void run() throws SQLException;
    }

    private void record(Write write) {
        // a worker thread; the engine reads these facts on its next tick
        vertx.executeBlocking(() -> {
            write.run();
            return null;
        }, false).onFailure(e -> LOG.errorf(e, "could not record a firmware download"));
    }
}
