package zmai.meter.virtual;

/** Where a virtual meter's firmware is. */
public enum MeterPhase {
    /** Normal operation; MQTT wanted. */
    RUNNING,
    /** {@code ota_http} in flight: MQTT closed, metering goes on. */
    DOWNLOADING,
    /** More than 4 boots in a row died within 30 s: open AP, no drivers, no MQTT. */
    SAFE_MODE
}
