package zmai.core.ota;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the image server saw of one device's download: when the first GET came, how many bytes went out, and how
 * it ended ({@code complete} = every byte of the image was sent).
 */
public record ImageDownload(Instant startedAt, long bytesSent, long size, Optional<Instant> endedAt,
                            boolean complete) {

    public ImageDownload {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        if (bytesSent < 0 || size <= 0) {
            throw new IllegalArgumentException("bytes sent " + bytesSent + " of " + size);
        }
        if (complete && endedAt.isEmpty()) {
            throw new IllegalArgumentException("a complete download has ended");
        }
    }

    public Duration elapsed() {
        return Duration.between(startedAt, endedAt.orElse(startedAt));
    }
}
