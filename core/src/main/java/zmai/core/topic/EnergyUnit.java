package zmai.core.topic;

/** The unit a payload states for an energy value. */
public enum EnergyUnit {
    WH,
    KWH
}
