package zmai.flasher.ops;

import java.util.Arrays;
import java.util.Random;

import zmai.flasher.protocol.FlashGeometry;

/** Synthetic OpenBeken-shaped images: code in 34-byte CRC16 units, a QIO with the bootloader's RBL header. */
final class TestImages {

    private TestImages() {
    }

    /** An application of {@code logicalBytes} (a multiple of 32) in flash form, as a _UA_ file holds it. */
    static byte[] application(int logicalBytes, long seed) {
        return SyntheticFirmware.application(logicalBytes / Crc16Cms.DATA * Crc16Cms.UNIT, seed);
    }

    /** Bootloader partition (0x11000 bytes, RBL header at 0x10F9A) followed by {@code application}. */
    static byte[] qio(byte[] application, long seed) {
        byte[] logical = new byte[0x10000];
        new Random(seed).nextBytes(logical);
        byte[] bootloader = Crc16Cms.packaged(logical);
        byte[] header = {'R', 'B', 'L', 0};
        System.arraycopy(header, 0, bootloader, FirmwareImage.BOOTLOADER_RBL, header.length);
        byte[] qio = Arrays.copyOf(bootloader, FlashGeometry.BOOTLOADER_END + application.length);
        System.arraycopy(application, 0, qio, FlashGeometry.BOOTLOADER_END, application.length);
        return qio;
    }
}
