package zmai.core.meter;

/** What a GPIO of the Wi-Fi module drives on the meter's board. */
public enum PinRole {
    WIFI_LED,
    /** The front "tripped" indicator. */
    LED,
    /** The coil that closes the bistable relay (OpenBeken role {@code BridgeForward}). */
    RELAY_BRIDGE_FORWARD,
    /** The coil that opens the bistable relay (OpenBeken role {@code BridgeReverse}). */
    RELAY_BRIDGE_REVERSE,
    BUTTON
}
