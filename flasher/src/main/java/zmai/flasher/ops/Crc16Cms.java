package zmai.flasher.ops;

/**
 * CRC-16/CMS (poly 0x8005, init 0xFFFF, no reflection, no final xor), which Beken code partitions append
 * big-endian to every 32 bytes. Checking it tells a sound image from a truncated or damaged one without
 * knowing the encryption key. No library offers this variant, so it is computed here.
 */
final class Crc16Cms {

    static final int UNIT = 34;
    static final int DATA = 32;

    private Crc16Cms() {
    }

    static int of(byte[] data, int offset, int length) {
        int crc = 0xFFFF;
        for (int i = offset; i < offset + length; i++) {
            crc ^= (data[i] & 0xFF) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1 ^ 0x8005) & 0xFFFF : crc << 1 & 0xFFFF;
            }
        }
        return crc;
    }

    /** True when the 34-byte unit at {@code offset} carries the CRC of its 32 data bytes. */
    static boolean unitIsSound(byte[] image, int offset) {
        int stored = (image[offset + DATA] & 0xFF) << 8 | image[offset + DATA + 1] & 0xFF;
        return of(image, offset, DATA) == stored;
    }

    /** Appends the CRC to every 32 bytes: how the packager turns a logical image into flash form. */
    static byte[] packaged(byte[] logical) {
        if (logical.length % DATA != 0) {
            throw new IllegalArgumentException("logical image must be whole 32-byte units");
        }
        byte[] physical = new byte[logical.length / DATA * UNIT];
        for (int unit = 0; unit < logical.length / DATA; unit++) {
            System.arraycopy(logical, unit * DATA, physical, unit * UNIT, DATA);
            int crc = of(logical, unit * DATA, DATA);
            physical[unit * UNIT + DATA] = (byte) (crc >>> 8);
            physical[unit * UNIT + DATA + 1] = (byte) crc;
        }
        return physical;
    }
}
