package zmai.flasher.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The few BK7231N registers the tools touch through ReadReg/WriteReg: the chip id, the eFuse read
 * handshake, and the 16 KiB mask ROM window. Any other address reads back what was last written (0 at first).
 */
final class ChipRegisters {

    static final long CHIP_ID = 0x0080_0000L;
    static final long EFUSE_CTRL = 0x0080_0074L;
    static final long EFUSE_DATA = 0x0080_0078L;
    static final long BK7231N_ID = 0x7231C;
    static final int ROM_SIZE = 0x4000;
    /** The usual Tuya/Beken flash-encryption key, four little-endian words in eFuse bytes 0..15. */
    static final long[] TUYA_KEY = {0x510fb093L, 0xa3cbeadcL, 0x5993a17eL, 0xc7adeb03L};

    private static final int EFUSE_START = 1;
    private static final int EFUSE_VALID = 1 << 8;

    private final byte[] efuse = new byte[32];
    private final byte[] rom = new byte[ROM_SIZE];
    private final Map<Long, Long> written = new HashMap<>();
    private long efuseData;

    ChipRegisters() {
        for (int word = 0; word < TUYA_KEY.length; word++) {
            for (int b = 0; b < 4; b++) {
                efuse[word * 4 + b] = (byte) (TUYA_KEY[word] >>> 8 * b);
            }
        }
        // stand-in ROM content: fixed, so dumps of it are reproducible
        new SplittableRandom(0x7231CL).nextBytes(rom);
    }

    long read(long address) {
        if (address == CHIP_ID) {
            return BK7231N_ID;
        }
        if (address == EFUSE_DATA) {
            return efuseData;
        }
        if (address >= 0 && address + 4 <= ROM_SIZE) {
            int at = (int) address & ~3;
            long value = 0;
            for (int i = 3; i >= 0; i--) {
                value = value << 8 | rom[at + i] & 0xFF;
            }
            return value;
        }
        return written.getOrDefault(address, 0L);
    }

    void write(long address, long value) {
        if (address == EFUSE_CTRL && (value & EFUSE_START) != 0) {
            // the read completes at once: the start bit is already clear when polled
            int index = (int) (value >>> 8) & 0x1F;
            efuseData = EFUSE_VALID | efuse[index] & 0xFF;
            written.put(address, value & ~EFUSE_START);
            return;
        }
        written.put(address, value);
    }
}
