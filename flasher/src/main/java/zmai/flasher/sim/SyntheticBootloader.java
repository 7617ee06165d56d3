package zmai.flasher.sim;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

import zmai.flasher.protocol.FlashGeometry;

/**
 * Content for [0, 0x11000) of a fresh simulated flash: deterministic filler whose first bytes are forged so
 * that the identification probe CheckCRC(0, 256) answers the CRC of the variant's real bootloader, and the
 * {@code BK7231\0\0} marker at 0x110 that real bootloaders carry.
 */
final class SyntheticBootloader {

    private static final int MARKER_AT = 0x110;
    private static final long FILLER_SEED = 0x7231_0101L;

    private SyntheticBootloader() {
    }

    /** A whole fresh flash: the bootloader, then erased bytes. */
    static byte[] freshFlash(ChipVariant variant, int size) {
        byte[] flash = new byte[size];
        Arrays.fill(flash, (byte) 0xFF);
        byte[] bootloader = of(variant);
        System.arraycopy(bootloader, 0, flash, 0, bootloader.length);
        return flash;
    }

    static byte[] of(ChipVariant variant) {
        byte[] image = new byte[FlashGeometry.BOOTLOADER_END];
        new SplittableRandom(FILLER_SEED).nextBytes(image);
        byte[] marker = "BK7231\0\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(marker, 0, image, MARKER_AT, marker.length);
        int probed = variant.probeLength();
        forgeLastFourBytes(image, probed, variant.bootloader().crc());
        return image;
    }

    /**
     * Rewrites bytes [length-4, length) so that the zlib CRC-32 of the first {@code length} bytes is
     * {@code wantedCrc}: run the CRC forward to the patch, backward from the wanted value, and the four
     * bytes that join the two states follow from the inverse table.
     */
    static void forgeLastFourBytes(byte[] data, int length, long wantedCrc) {
        int[] table = new int[256];
        int[] inverse = new int[256];
        for (int i = 0; i < 256; i++) {
            int c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ 0xEDB88320 : c >>> 1;
            }
            table[i] = c;
            inverse[c >>> 24] = (c << 8) ^ i;
        }
        int forward = 0xFFFFFFFF;
        for (int i = 0; i < length - 4; i++) {
            forward = (forward >>> 8) ^ table[(forward ^ data[i]) & 0xFF];
        }
        int backward = (int) wantedCrc ^ 0xFFFFFFFF;
        for (int i = 3; i >= 0; i--) {
            int b = (forward >>> (8 * i)) & 0xFF;
            backward = (backward << 8) ^ inverse[backward >>> 24] ^ b;
        }
        for (int i = 0; i < 4; i++) {
            data[length - 4 + i] = (byte) (backward >>> (8 * i));
        }
        CRC32 check = new CRC32();
        check.update(data, 0, length);
        if (check.getValue() != (wantedCrc & 0xFFFF_FFFFL)) {
            throw new IllegalStateException("CRC forging failed");
        }
    }
}
