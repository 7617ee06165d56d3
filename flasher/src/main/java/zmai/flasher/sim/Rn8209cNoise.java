package zmai.flasher.sim;

/**
 * The stock ZMAi-90 firmware polling its RN8209C on UART1 (spec §11): every 250 ms one cycle of
 * {@code 24 22 26} with the meter's replies, 16 bytes of 4800 Bd 8E1 (≈37 ms). An 8N1 receiver at a higher
 * rate turns each low stretch into a 0x00 byte — 37 of them per cycle at 115200, proportionally more at
 * higher rates — and host bytes sent meanwhile collide with the meter's driver and are lost.
 */
final class Rn8209cNoise {

    static final long PERIOD_NANOS = 250_000_000L;
    /** 16 bytes × 11 bits at 4800 Bd. */
    static final long BURST_NANOS = 16L * 11 * 1_000_000_000L / 4800;
    private static final int BYTES_AT_115200 = 37;

    private final long firstBurstAt;

    /** @param firstBurstAt when the first burst starts, on the line clock */
    Rn8209cNoise(long firstBurstAt) {
        this.firstBurstAt = firstBurstAt;
    }

    boolean inBurst(long at) {
        if (at < firstBurstAt) {
            return false;
        }
        return (at - firstBurstAt) % PERIOD_NANOS < BURST_NANOS;
    }

    /** Start of the first burst at or after {@code at}. */
    long nextBurstAt(long at) {
        if (at <= firstBurstAt) {
            return firstBurstAt;
        }
        long periods = (at - firstBurstAt + PERIOD_NANOS - 1) / PERIOD_NANOS;
        return firstBurstAt + periods * PERIOD_NANOS;
    }

    static int burstBytes(long baud) {
        return (int) Math.max(1, Math.round(BYTES_AT_115200 * (double) baud / 115_200));
    }
}
