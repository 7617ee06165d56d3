package zmai.meter.virtual;

/**
 * OpenBeken's per-sensor publish rule (drv_bl_shared.c): on each once-per-second frame, publish when the value
 * moved more than the threshold since the last publish and at least 5 frames passed, or after 60 frames
 * regardless. The frame counter is checked before it is incremented, so a steady value goes out every 61 s.
 */
final class ChangeThrottle {

    static final int MIN_FRAMES = 5;
    static final int ALWAYS_FRAMES = 60;

    private final double threshold;
    private double lastSent;
    private int framesWithoutSend;
    private boolean forced;

    ChangeThrottle(double threshold) {
        this.threshold = threshold;
    }

    /** One frame; true when {@code value} is to be published now. */
    boolean offer(double value) {
        if (forced || Math.abs(value - lastSent) > threshold && framesWithoutSend >= MIN_FRAMES
                || framesWithoutSend >= ALWAYS_FRAMES) {
            forced = false;
            framesWithoutSend = 0;
            lastSent = value;
            return true;
        }
        framesWithoutSend++;
        return false;
    }

    /** {@code publishAll}: send on the next frame. */
    void force() {
        forced = true;
    }

    /** A boot starts from a zeroed sensor table. */
    void reset() {
        lastSent = 0;
        framesWithoutSend = 0;
        forced = false;
    }
}
