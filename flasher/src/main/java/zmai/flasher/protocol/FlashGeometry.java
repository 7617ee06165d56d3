package zmai.flasher.protocol;

/** Sizes and places every BK7231 flash has in common. */
public final class FlashGeometry {

    public static final int SECTOR = 4 * 1024;
    public static final int BLOCK = 64 * 1024;
    /** A Tuya CBU / WB3S module carries 2 MiB. */
    public static final int SIZE_2M = 2 * 1024 * 1024;
    /**
     * The flash bootloader occupies {@code [0, 0x11000)}: on a BK7231T it is what answers this protocol, and
     * on a BK7231N it carries the key-specific set-up. The first application sector is 0x11000 on both.
     */
    public static final int BOOTLOADER_END = 0x11000;

    private FlashGeometry() {
    }

    public static boolean touchesBootloader(long start, long length) {
        return length > 0 && start < BOOTLOADER_END;
    }
}
