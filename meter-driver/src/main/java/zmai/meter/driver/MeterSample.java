package zmai.meter.driver;

/** A reading with the lifetime energy counted up to it. */
public record MeterSample(Reading reading, long lifetimeMilliWattHours) {
}
