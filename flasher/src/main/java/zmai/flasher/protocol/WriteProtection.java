package zmai.flasher.protocol;

/**
 * What a status register's block-protect bits protect on a 2 MiB SPI NOR part (the GD25Q16/W25Q16
 * convention): BP2..BP0 = n selects the top (TB = 0) or bottom (TB = 1) 64 KiB × 2^(n−1), everything for
 * n ≥ 6, 4 KiB units when SEC (BP4) is set, and CMP flips the selection to its complement. A protected
 * flash ignores erase and program commands, yet the ROM still reports success.
 *
 * @param start first protected byte
 * @param end   first byte after the protected range; equal to start when nothing is protected
 */
public record WriteProtection(long start, long end) {

    private static final int CMP = 1 << 14;
    private static final int SEC = 1 << 6;
    private static final int TB = 1 << 5;

    public static final WriteProtection NONE = new WriteProtection(0, 0);

    /** @param status the status register, high byte (if any) in bits 8..15 */
    public static WriteProtection of(int status, long flashSize) {
        int n = status >>> 2 & 0x7;
        long size;
        if (n == 0) {
            size = 0;
        } else if (n >= 6 && (status & SEC) == 0) {
            size = flashSize;
        } else if ((status & SEC) != 0) {
            size = FlashGeometry.SECTOR << Math.min(n - 1, 3);
        } else {
            size = Math.min(flashSize, (long) FlashGeometry.BLOCK << (n - 1));
        }
        boolean bottom = (status & TB) != 0;
        long start = bottom ? 0 : flashSize - size;
        long end = bottom ? size : flashSize;
        if ((status & CMP) == 0) {
            return size == 0 ? NONE : new WriteProtection(start, end);
        }
        // the complement of a top range is a bottom range and vice versa
        if (size == 0) {
            return new WriteProtection(0, flashSize);
        }
        if (size == flashSize) {
            return NONE;
        }
        return bottom ? new WriteProtection(end, flashSize) : new WriteProtection(0, start);
    }

    public boolean isNone() {
        return start == end;
    }

    public boolean covers(long address) {
        return address >= start && address < end;
    }

    public boolean overlaps(long from, long length) {
        return !isNone() && from < end && from + length > start;
    }

    @Override
    public String toString() {
        return isNone() ? "none" : String.format("0x%06X-0x%06X", start, end - 1);
    }
}
