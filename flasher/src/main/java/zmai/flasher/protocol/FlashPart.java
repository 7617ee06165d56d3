package zmai.flasher.protocol;

import java.util.List;
import java.util.Optional;

/**
 * An SPI flash part found on Beken modules, and how its write protection is cleared: the status-register
 * width, and the mask of the protection bits (BP0..BP4, and CMP on two-byte parts) that must read zero.
 *
 * @param mid            JEDEC id as the tools print it, manufacturer in the low byte (0x1560EB)
 * @param statusBytes    1 or 2 bytes are written with opcode 0x01
 * @param protectionMask over the status register as one number, high byte from opcode 0x35 (or 0x15)
 * @param highByteOpcode the read opcode of the second byte: 0x35, except on MXIC parts (0x15)
 */
public record FlashPart(int mid, String name, int statusBytes, int protectionMask, int highByteOpcode) {

    /** 2 MiB parts seen on BK7231 modules, as listed by the established flashing tools. */
    public static final List<FlashPart> KNOWN = List.of(
            new FlashPart(0x1560EB, "TH25Q16HB", 2, 0x407C, 0x35),
            new FlashPart(0x15400B, "XT25F16B", 2, 0x407C, 0x35),
            new FlashPart(0x1540C8, "GD25Q16B", 2, 0x407C, 0x35),
            new FlashPart(0x1565C8, "GD25WQ16E", 2, 0x407C, 0x35),
            new FlashPart(0x152085, "P25Q16HBK", 2, 0x407C, 0x35),
            new FlashPart(0x156085, "P25Q16SU", 2, 0x407C, 0x35),
            new FlashPart(0x154285, "P25Q16HB", 1, 0x007C, 0x35),
            new FlashPart(0x15701C, "EN25QH16B", 1, 0x003C, 0x35),
            new FlashPart(0x1523C2, "MX25V1635F", 2, 0x103C, 0x15),
            new FlashPart(0x15404B, "XT25F16B_1", 2, 0x407C, 0x35),
            new FlashPart(0x1571CD, "TH25Q16UC", 2, 0x407C, 0x35));

    public static Optional<FlashPart> byMid(int mid) {
        return KNOWN.stream().filter(p -> p.mid == mid).findFirst();
    }

    /** The status register with every protection bit cleared. */
    public int unprotected(int status) {
        return status & ~protectionMask;
    }

    public boolean isProtected(int status) {
        return (status & protectionMask) != 0;
    }

    public String midText() {
        return String.format("%06X", mid);
    }
}
