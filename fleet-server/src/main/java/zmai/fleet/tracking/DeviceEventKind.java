package zmai.fleet.tracking;

/** What {@code device_event} rows record. */
public enum DeviceEventKind {
    DISCOVERED,
    ONLINE,
    OFFLINE,
    /** No message for longer than the silence timeout, and no will either. */
    SILENT,
    REBOOT,
    FIRMWARE_CHANGED,
    TOPIC_CHANGED,
    /** The meter reported a new energy counter clear date: its counter was reset. */
    ENERGY_RESET,
    /** How the device's energy total is read changed: set by an operator, or declared by the device. */
    ENERGY_SETTINGS_CHANGED,
    /** The first energy total read the new way: a new baseline, so the change creates no energy. */
    ENERGY_REBASELINED,
    /** Two devices publish under one topic (one client id): each takes the session from the other. */
    CONFLICT
}
