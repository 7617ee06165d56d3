package zmai.flasher.ops;

import java.util.ArrayList;
import java.util.List;

import zmai.flasher.protocol.Command;
import zmai.flasher.protocol.EraseSize;
import zmai.flasher.protocol.FlashGeometry;

/**
 * The erase commands for a 4 KiB-aligned range: sectors up to the next 64 KiB boundary, whole 64 KiB blocks
 * while they fit, sectors for the tail. A block is never used where it would reach below
 * {@link FlashGeometry#BOOTLOADER_END}: a 64 KiB erase at 0x10000 would wipe the bootloader's last sector.
 */
public final class ErasePlan {

    private ErasePlan() {
    }

    public static List<Command.FlashErase> of(long start, long length) {
        if (start % FlashGeometry.SECTOR != 0 || length % FlashGeometry.SECTOR != 0) {
            throw new IllegalArgumentException("erase ranges are whole 4 KiB sectors");
        }
        List<Command.FlashErase> erases = new ArrayList<>();
        long address = start;
        long end = start + length;
        while (address < end) {
            boolean blockFits = address % FlashGeometry.BLOCK == 0 && address + FlashGeometry.BLOCK <= end
                    && address >= FlashGeometry.BOOTLOADER_END;
            EraseSize size = blockFits ? EraseSize.BLOCK_64K : EraseSize.SECTOR_4K;
            erases.add(new Command.FlashErase(size, address));
            address += size.bytes();
        }
        return erases;
    }
}
