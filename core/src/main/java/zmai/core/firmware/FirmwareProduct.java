package zmai.core.firmware;

/** Which firmware line a device runs; the two publish different MQTT dialects and version shapes. */
public enum FirmwareProduct {
    OPENBEKEN,
    TASMOTA
}
