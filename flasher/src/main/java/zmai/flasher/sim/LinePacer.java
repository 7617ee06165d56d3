package zmai.flasher.sim;

/**
 * Holds one direction of the line to its baud rate: a UART moves at most baud/10 bytes per second (8N1).
 * Each chunk may be complete no earlier than the line, busy with the previous ones, could carry it; an
 * idle line does not bank time for a later burst. A chunk that follows the previous one within the
 * scheduling jitter of a parked thread continues the line's schedule, as bytes queued in a UART's FIFO go
 * out back to back: otherwise every wake-up delay would be counted as idle line time and the simulated
 * line would run measurably slower than its baud rate.
 */
final class LinePacer {

    private static final long NANOS_PER_BIT = 1_000_000_000L;
    private static final long SCHEDULING_JITTER_NANOS = 2_000_000;

    private final LineClock clock;
    private long lineFreeAt;

    LinePacer(LineClock clock) {
        this.clock = clock;
        this.lineFreeAt = clock.nanoTime();
    }

    /** Waits until {@code bytes} at {@code baud} have crossed the line; returns when the last one has. */
    long pace(int bytes, long baud) {
        long now = clock.nanoTime();
        long start = now - lineFreeAt <= SCHEDULING_JITTER_NANOS ? lineFreeAt : now;
        lineFreeAt = start + byteTime(baud) * bytes;
        clock.parkUntil(lineFreeAt);
        return lineFreeAt;
    }

    /** Nanoseconds one 8N1 byte (10 bits) takes at {@code baud}. */
    static long byteTime(long baud) {
        return 10 * NANOS_PER_BIT / baud;
    }
}
