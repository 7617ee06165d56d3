package zmai.flasher.protocol;

/** Every multi-byte integer of the protocol is little-endian. */
final class LittleEndian {

    private LittleEndian() {
    }

    static void putU32(byte[] into, int at, long value) {
        for (int i = 0; i < 4; i++) {
            into[at + i] = (byte) (value >>> 8 * i);
        }
    }

    static void putU16(byte[] into, int at, int value) {
        into[at] = (byte) value;
        into[at + 1] = (byte) (value >>> 8);
    }

    static long u32(byte[] from, int at) {
        long value = 0;
        for (int i = 3; i >= 0; i--) {
            value = value << 8 | from[at + i] & 0xFF;
        }
        return value;
    }

    static int u16(byte[] from, int at) {
        return (from[at] & 0xFF) | (from[at + 1] & 0xFF) << 8;
    }
}
