package zmai.flasher.ops;

import java.util.Random;

/**
 * Random code in flash form (32 bytes plus their CRC16, repeated), shaped like an OpenBeken _UA_ image.
 * For benchmarks and demonstrations where no real image is at hand; seeded, so runs compare.
 */
public final class SyntheticFirmware {

    private SyntheticFirmware() {
    }

    /** About {@code bytes} bytes of flash-form application (rounded down to whole 34-byte units). */
    public static byte[] application(int bytes, long seed) {
        byte[] logical = new byte[bytes / Crc16Cms.UNIT * Crc16Cms.DATA];
        new Random(seed).nextBytes(logical);
        return Crc16Cms.packaged(logical);
    }
}
