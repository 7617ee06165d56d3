package zmai.meter.virtual;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The firmware-side energy total of an RN8209 meter under OpenBeken, in integer milli-watt-hours. OpenBeken
 * integrates power itself and copies the total to flash only when it grew by {@code ConsumptionThreshold}
 * (10 Wh) or 6 h passed, so a power cut brings it back up to 10 Wh lower: a rewind, not a reset.
 */
final class EnergyCounter {

    static final long DEFAULT_SAVE_THRESHOLD_MWH = 10_000;
    static final Duration SAVE_INTERVAL = Duration.ofHours(6);
    // 1 mWh = 3.6 W*s = 3 600 000 mW*ms
    private static final long MILLIWATT_MILLIS_PER_MWH = 3_600_000L;

    private long milliWattMillis;
    private long savedMilliWh;
    private Instant savedAt;
    private final long saveThresholdMilliWh;
    private final long[] days = new long[4]; // today, yesterday, 2 and 3 days ago (mWh), NTP only
    private LocalDate today;

    EnergyCounter(long initialMilliWh, long saveThresholdMilliWh, Instant now) {
        this.milliWattMillis = initialMilliWh * MILLIWATT_MILLIS_PER_MWH;
        this.savedMilliWh = initialMilliWh;
        this.saveThresholdMilliWh = saveThresholdMilliWh;
        this.savedAt = now;
    }

    /** Adds {@code watts} held for {@code elapsed}; negative power adds nothing, as in the firmware. */
    void integrate(double watts, Duration elapsed, Instant now) {
        if (watts > 0) {
            long before = totalMilliWh();
            milliWattMillis += Math.round(watts * 1000) * elapsed.toMillis();
            days[0] += totalMilliWh() - before;
        }
        if (totalMilliWh() - savedMilliWh >= saveThresholdMilliWh
                || !now.isBefore(savedAt.plus(SAVE_INTERVAL))) {
            save(now);
        }
    }

    long totalMilliWh() {
        return milliWattMillis / MILLIWATT_MILLIS_PER_MWH;
    }

    long savedMilliWh() {
        return savedMilliWh;
    }

    /** The flash copy; OpenBeken writes it before commanded and post-OTA reboots, and on day rollover. */
    void save(Instant now) {
        savedMilliWh = totalMilliWh();
        savedAt = now;
    }

    /** Power came back: RAM is gone, the flash copy is all there is. */
    void restoreFromFlash() {
        milliWattMillis = savedMilliWh * MILLIWATT_MILLIS_PER_MWH;
    }

    /** {@code EnergyCntReset [value]}: sets the total and writes it to flash at once. */
    void reset(long milliWh, Instant now) {
        milliWattMillis = milliWh * MILLIWATT_MILLIS_PER_MWH;
        days[0] = 0;
        save(now);
    }

    /** With NTP the device shifts its daily registers when the local date changes. */
    void observeDate(LocalDate date, Instant now) {
        if (today != null && !date.equals(today)) {
            long shift = Math.min(days.length, Math.max(1, date.toEpochDay() - today.toEpochDay()));
            for (int i = days.length - 1; i >= 0; i--) {
                days[i] = i >= shift ? days[(int) (i - shift)] : 0;
            }
            save(now);
        }
        today = date;
    }

    /** 0 today, 1 yesterday, 2 and 3 days ago. */
    long dayMilliWh(int daysAgo) {
        return days[daysAgo];
    }
}
