package zmai.flasher.ops;

import java.io.IOException;
import java.util.Arrays;

import zmai.flasher.ExitCode;
import zmai.flasher.FlasherException;
import zmai.flasher.protocol.Command;
import zmai.flasher.protocol.FlashGeometry;

/** Erases a range, never the bootloader unless asked, and checks by CRC that every sector reads blank. */
public final class RangeEraser {

    private static final int ATTEMPTS = 4;
    private static final byte[] ERASED = erasedSector();

    private static byte[] erasedSector() {
        byte[] sector = new byte[FlashGeometry.SECTOR];
        Arrays.fill(sector, (byte) 0xFF);
        return sector;
    }

    private RangeEraser() {
    }

    public static void erase(FlashAccess access, long offset, long length, boolean includeBootloader,
                             ProgressListener progress) throws IOException, FlasherException {
        BackupReader.requireSectorRange(offset, length, access.chip().flashSize());
        access.guardBootloader(offset, length, includeBootloader);
        access.unprotect();
        for (Command.FlashErase erase : ErasePlan.of(offset, length)) {
            access.withRetries(String.format("erasing 0x%06X", erase.address()), ATTEMPTS, ExitCode.CHIP_ERROR, () -> {
                access.erase(erase);
                return null;
            });
        }
        for (long address = offset; address < offset + length; address += FlashGeometry.SECTOR) {
            long sector = address;
            access.withRetries(String.format("erasing 0x%06X", sector), ATTEMPTS, ExitCode.CHIP_ERROR, () -> {
                if (!access.matches(sector, ERASED)) {
                    access.eraseSector(sector);
                    throw new AttemptFailed("the sector does not read blank after erasing (is it write-protected?)");
                }
                return null;
            });
            progress.advanced(FlashGeometry.SECTOR);
        }
    }
}
