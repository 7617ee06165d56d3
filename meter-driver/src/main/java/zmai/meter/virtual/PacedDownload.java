package zmai.meter.virtual;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads an OTA image the way a meter on weak Wi-Fi does: chunk by chunk, paced to a byte rate by the shared
 * scheduler (no thread sleeps, so a thousand meters can download at once). The body is empty on any failure:
 * a status other than 200, no bytes for {@code stallTimeout} (OpenBeken's client timeout counts silence, not the
 * whole transfer), an image over {@link #MAX_IMAGE_BYTES}, or an abort after about half the body.
 */
final class PacedDownload implements HttpResponse.BodyHandler<Optional<byte[]>> {

    /** The OTA partition is smaller than this. */
    static final int MAX_IMAGE_BYTES = 2 * 1024 * 1024;

    private final ScheduledExecutorService scheduler;
    private final long bytesPerSecond;
    private final Duration stallTimeout;
    private final boolean abortHalfway;
    private volatile Reader reader;

    /**
     * @param bytesPerSecond 0 reads as fast as the network delivers
     * @param abortHalfway   cancel the transfer after about half of the body
     */
    PacedDownload(ScheduledExecutorService scheduler, long bytesPerSecond, Duration stallTimeout,
                  boolean abortHalfway) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.bytesPerSecond = bytesPerSecond;
        this.stallTimeout = Objects.requireNonNull(stallTimeout, "stallTimeout");
        this.abortHalfway = abortHalfway;
    }

    /** Bytes of the body received so far ("Downloaded: X B" on the device's page). */
    long received() {
        Reader r = reader;
        return r == null ? 0 : r.received();
    }

    @Override
    public HttpResponse.BodySubscriber<Optional<byte[]>> apply(HttpResponse.ResponseInfo info) {
        long length = info.headers().firstValueAsLong("content-length").orElse(-1);
        Reader r = new Reader(info.statusCode() == 200, length);
        reader = r;
        return r;
    }

    private final class Reader implements HttpResponse.BodySubscriber<Optional<byte[]>> {
        private final CompletableFuture<Optional<byte[]>> body = new CompletableFuture<>();
        private final boolean accepted;
        private final long abortAt;
        private final ByteArrayOutputStream bytes;
        private Flow.Subscription subscription;
        private long startNanos;
        private long lastActivityNanos;
        private boolean awaitingBytes;
        private long count;

        Reader(boolean accepted, long contentLength) {
            this.accepted = accepted;
            // without a length, a meter that breaks off does so after its first chunk
            this.abortAt = !abortHalfway ? Long.MAX_VALUE : contentLength > 0 ? Math.max(1, contentLength / 2) : 1;
            this.bytes = new ByteArrayOutputStream(contentLength > 0 && contentLength <= MAX_IMAGE_BYTES
                    ? (int) contentLength : 64 * 1024);
        }

        synchronized long received() {
            return count;
        }

        @Override
        public CompletionStage<Optional<byte[]>> getBody() {
            return body;
        }

        @Override
        public synchronized void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (!accepted) {
                fail(); // the firmware gives up on any status but 200 without reading the body
                return;
            }
            startNanos = System.nanoTime();
            request();
            watch(stallTimeout.toNanos());
        }

        @Override
        public synchronized void onNext(List<ByteBuffer> items) {
            if (body.isDone()) {
                return;
            }
            awaitingBytes = false;
            lastActivityNanos = System.nanoTime();
            for (ByteBuffer b : items) {
                int n = b.remaining();
                if (count + n > MAX_IMAGE_BYTES) {
                    fail();
                    return;
                }
                byte[] chunk = new byte[n];
                b.get(chunk);
                bytes.write(chunk, 0, n);
                count += n;
            }
            if (count >= abortAt) {
                fail();
                return;
            }
            long delayNanos = bytesPerSecond == 0 ? 0
                    : startNanos + count * 1_000_000_000L / bytesPerSecond - System.nanoTime();
            if (delayNanos <= 0) {
                request();
            } else {
                scheduler.schedule(this::requestIfOpen, delayNanos, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public synchronized void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public synchronized void onComplete() {
            body.complete(Optional.of(bytes.toByteArray()));
        }

        private synchronized void requestIfOpen() {
            if (!body.isDone()) {
                request();
            }
        }

        private void request() {
            awaitingBytes = true;
            lastActivityNanos = System.nanoTime();
            subscription.request(1);
        }

        // a pause for pacing is not silence on the line: the timeout runs only while bytes are awaited
        private void watch(long delayNanos) {
            scheduler.schedule(this::checkStall, Math.max(1, delayNanos), TimeUnit.NANOSECONDS);
        }

        private synchronized void checkStall() {
            if (body.isDone()) {
                return;
            }
            long idle = System.nanoTime() - lastActivityNanos;
            if (awaitingBytes && idle >= stallTimeout.toNanos()) {
                fail();
            } else {
                watch(stallTimeout.toNanos() - (awaitingBytes ? idle : 0));
            }
        }

        // cancelling the subscription makes HttpClient close the HTTP/1.1 connection under the response: one with
        // part of a body unread cannot go back to the pool. So the shared client serves here, with no dedicated
        // client per download ("Connection: close" is a header HttpClient refuses to set anyway), and the server
        // sees the transfer end short of its Content-Length (OtaDownloadTest checks this on the wire)
        private void fail() {
            subscription.cancel();
            body.complete(Optional.empty());
        }
    }
}
