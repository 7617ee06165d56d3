package zmai.core.topic;

/** The two MQTT topic layouts a meter may publish: OpenBeken's own, and Tasmota's {@code tele/stat/cmnd}. */
public enum Dialect {
    OPENBEKEN,
    TASMOTA
}
