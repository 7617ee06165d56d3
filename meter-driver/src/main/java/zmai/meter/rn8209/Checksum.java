package zmai.meter.rn8209;

/** RN8209C checksum: NOT of the low byte of the sum of every byte, command byte included. */
public final class Checksum {

    private Checksum() {
    }

    public static int of(byte[] bytes, int offset, int length) {
        int sum = 0;
        for (int i = offset; i < offset + length; i++) {
            sum += bytes[i] & 0xFF;
        }
        return ~sum & 0xFF;
    }

    /** Checksum of the command byte followed by {@code data}, as the chip computes it for a read answer. */
    public static int ofCommandAnd(int command, byte[] data) {
        int sum = command & 0xFF;
        for (byte b : data) {
            sum += b & 0xFF;
        }
        return ~sum & 0xFF;
    }
}
