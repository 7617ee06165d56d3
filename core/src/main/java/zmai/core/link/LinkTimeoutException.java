package zmai.core.link;

import java.io.IOException;
import java.time.Duration;

/** Fewer bytes than expected arrived in time; the partial answer helps tell silence from garbage. */
public class LinkTimeoutException extends IOException {

    private final byte[] received;
    private final int expected;

    public LinkTimeoutException(String link, int expected, byte[] received, Duration timeout) {
        super("%s: %d of %d bytes arrived within %d ms".formatted(link, received.length, expected, timeout.toMillis()));
        this.received = received.clone();
        this.expected = expected;
    }

    /** The bytes that did arrive, maybe none. */
    public byte[] received() {
        return received.clone();
    }

    public int expected() {
        return expected;
    }
}
