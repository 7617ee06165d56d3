package zmai.meter.driver;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * OpenBeken's rule for one power-metering value (drv_bl_shared.c): publish when it moved by more than the
 * threshold since the last publish and at least 5 frames passed, or unconditionally after 60 frames.
 * One instance per value; not thread-safe.
 */
public final class PublishRule {

    static final int MIN_FRAMES = 5;
    static final int ALWAYS_FRAMES = 60;

    private final double threshold;
    private final int decimals;
    private double lastSent;
    private int framesSinceSent;

    public PublishRule(double threshold, int decimals) {
        this.threshold = threshold;
        this.decimals = decimals;
    }

    /** The payload to publish for this frame's value, if the rule says so. */
    public Optional<String> offer(double value) {
        framesSinceSent++;
        boolean moved = Math.abs(value - lastSent) > threshold && framesSinceSent >= MIN_FRAMES;
        if (!moved && framesSinceSent < ALWAYS_FRAMES) {
            return Optional.empty();
        }
        lastSent = value;
        framesSinceSent = 0;
        return Optional.of(format(value));
    }

    String format(double value) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    }
}
