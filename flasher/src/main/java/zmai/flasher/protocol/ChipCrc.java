package zmai.flasher.protocol;

import java.util.zip.CRC32;

/**
 * The CRC the ROM's CheckCRC answers: CRC-32 (reflected 0xEDB88320, initial 0xFFFFFFFF) without the final
 * inversion — CRC-32/JAMCRC. Computed with {@link CRC32} and inverted back.
 */
public final class ChipCrc {

    /** What CheckCRC answers for an erased 4 KiB sector. */
    public static final long ERASED_SECTOR = 0x0EAB98F5L;

    private ChipCrc() {
    }

    public static long of(byte[] data) {
        return of(data, 0, data.length);
    }

    public static long of(byte[] data, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(data, offset, length);
        return ~crc.getValue() & 0xFFFF_FFFFL;
    }
}
