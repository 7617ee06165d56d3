package zmai.meter.virtual;

import java.util.BitSet;

/** The OpenBeken flags a virtual meter honours; the rest are stored and ignored. */
public final class MeterFlags {

    /** Broadcast the self state every {@code mqtt_broadcastInterval} seconds: the heartbeat. */
    public static final int HEARTBEAT = 2;
    /** Broadcast the self state after each connect; on by default. */
    public static final int BROADCAST_ON_CONNECT = 10;
    /** Tasmota-style {@code tele/<t>/SENSOR} and {@code STATE}. */
    public static final int TASMOTA_TELE = 30;
    /** {@code energycounter} in kWh instead of Wh. */
    public static final int ENERGY_IN_KWH = 40;
    /** Drop the {@code /get} suffix from channel and sensor publishes. */
    public static final int NO_GET_SUFFIX = 50;

    private final BitSet bits = new BitSet(128);

    public static MeterFlags openBekenDefaults() {
        MeterFlags flags = new MeterFlags();
        flags.set(BROADCAST_ON_CONNECT, true);
        return flags;
    }

    public boolean isOn(int flag) {
        return bits.get(flag);
    }

    public void set(int flag, boolean on) {
        if (flag < 0 || flag > 127) {
            throw new IllegalArgumentException("OpenBeken flags are numbered 0..127, not " + flag);
        }
        bits.set(flag, on);
    }
}
