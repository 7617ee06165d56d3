package zmai.core.meter;

/** What measures energy on a meter board, and how the Wi-Fi module talks to it. */
public enum MeteringChip {
    /** RN8209C register protocol on the module's UART. */
    RN8209C,
    /** Vangotech V9821 frames from a separate MCU. */
    V9821,
    /** A Tuya MCU relaying data points; the energy register lives in the MCU. */
    TUYA_MCU
}
