package zmai.core.topic;

/** Which energy counter of a meter a reading comes from. */
public enum EnergyRegister {
    /** The lifetime total ({@code energycounter}, Tasmota {@code Total}): the register we bill from. */
    TOTAL,
    LAST_HOUR,
    TODAY,
    YESTERDAY,
    TWO_DAYS_AGO,
    THREE_DAYS_AGO
}
