package zmai.meter.driver;

import java.io.IOException;

/** Where a gateway gets its readings: the driver with its accumulator, or a test's values. */
@FunctionalInterface
public interface MeterSource {

    MeterSample sample() throws ChipException, IOException, InterruptedException;

    /** Reads the driver; the accumulator hears of every EnergyP through the driver's listener. */
    static MeterSource of(Rn8209Driver driver, EnergyAccumulator energy) {
        return () -> new MeterSample(driver.read(), energy.lifetimeMilliWattHours());
    }
}
