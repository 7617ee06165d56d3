package zmai.core.link;

import java.time.Duration;

/** The end of a read's timeout, on the monotonic clock. */
record Deadline(long nanoTime) {

    static Deadline after(Duration timeout) {
        return new Deadline(System.nanoTime() + Math.max(0, timeout.toNanos()));
    }

    Duration remaining() {
        return Duration.ofNanos(Math.max(0, nanoTime - System.nanoTime()));
    }

    /** Whole milliseconds left, rounded up so that a short remainder still waits; 0 once passed. */
    int remainingMillis() {
        long nanos = nanoTime - System.nanoTime();
        return nanos <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, (nanos + 999_999) / 1_000_000);
    }
}
