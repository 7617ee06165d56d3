package zmai.flasher.ops;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

import zmai.core.meter.ChipFamily;
import zmai.flasher.ExitCode;
import zmai.flasher.FlasherException;
import zmai.flasher.protocol.ChipCrc;
import zmai.flasher.protocol.Command;
import zmai.flasher.protocol.FlashGeometry;

/**
 * Writes an image: compares every sector with the chip's CRC first and leaves identical ones alone, clears
 * the write protection, erases only sectors that need it (in 64 KiB blocks where whole blocks fit), writes,
 * checks each written sector by CRC and redoes it if needed, then optionally re-protects and reboots.
 */
public final class ImageWriter {

    /** A 4 KiB write is one long frame: on a noisy line it may take several tries to arrive whole. */
    private static final int SECTOR_ATTEMPTS = 8;

    /** What a write should do besides writing. */
    public record Options(boolean includeBootloader, boolean protectAfter, boolean reboot) {
        public static final Options DEFAULT = new Options(false, false, true);
    }

    public record Result(int sectors, int written, int identical, Duration elapsed, int retries) {
    }

    private ImageWriter() {
    }

    public static Result write(FlashAccess access, FirmwareImage image, Options options, ProgressListener progress)
            throws IOException, FlasherException {
        long started = System.nanoTime();
        int retriesBefore = access.session().retries();
        byte[] content = image.sectorAligned();
        long start = image.flashOffset();
        access.guardBootloader(start, content.length, options.includeBootloader());
        requireMatchingKey(access.chip(), image);
        if (start + content.length > access.chip().flashSize()) {
            throw new FlasherException(ExitCode.REFUSED, image + " does not fit the chip's flash");
        }
        int sectors = content.length / FlashGeometry.SECTOR;
        List<Integer> dirty = new ArrayList<>();
        boolean[] blankOnChip = new boolean[sectors];
        for (int i = 0; i < sectors; i++) {
            long chipCrc = access.crc(start + (long) i * FlashGeometry.SECTOR, FlashGeometry.SECTOR);
            if (chipCrc == ChipCrc.of(content, i * FlashGeometry.SECTOR, FlashGeometry.SECTOR)) {
                progress.advanced(FlashGeometry.SECTOR);
            } else {
                dirty.add(i);
                blankOnChip[i] = chipCrc == ChipCrc.ERASED_SECTOR;
            }
        }
        if (!dirty.isEmpty()) {
            OptionalInt found = access.unprotect();
            eraseRuns(access, start, dirty, blankOnChip);
            for (int i : dirty) {
                long address = start + (long) i * FlashGeometry.SECTOR;
                byte[] sector = Arrays.copyOfRange(content, i * FlashGeometry.SECTOR, (i + 1) * FlashGeometry.SECTOR);
                writeVerified(access, address, sector);
                progress.advanced(FlashGeometry.SECTOR);
            }
            if (options.protectAfter() && found.isPresent()) {
                access.restoreStatus(found.getAsInt());
            }
        }
        if (options.reboot()) {
            access.session().send(new Command.Reboot());
        }
        return new Result(sectors, dirty.size(), sectors - dirty.size(), Duration.ofNanos(System.nanoTime() - started),
                access.session().retries() - retriesBefore);
    }

    /**
     * Application images are encrypted for the usual Tuya key. On a chip with another key (all zero on a
     * BK7231M) such an image would not boot; a backup of the chip itself is fine.
     */
    private static void requireMatchingKey(ChipInfo chip, FirmwareImage image) throws FlasherException {
        if (chip.efuseKey().isEmpty() || image.kind() == FirmwareImage.Kind.BACKUP || chip.efuseKey().get().isTuya()) {
            return;
        }
        EfuseKey key = chip.efuseKey().get();
        if (key.isZero() && image.nameFamily().filter(f -> f == ChipFamily.BK7231M).isPresent()) {
            return;
        }
        throw new FlasherException(ExitCode.REFUSED, key.isZero()
                ? "this chip's eFuse key is all zero: it is a BK7231M, which needs the OpenBK7231M build, not " + image.name()
                : "this chip's flash-encryption key (" + key + ") is not the usual Tuya key, so " + image.name()
                + " would not boot on it; only a backup of this chip can be written back");
    }

    /** Erases each run of consecutive dirty sectors that are not blank already. */
    private static void eraseRuns(FlashAccess access, long start, List<Integer> dirty, boolean[] blankOnChip)
            throws IOException, FlasherException {
        int runStart = -1;
        int previous = -2;
        for (int i : dirty) {
            if (blankOnChip[i]) {
                continue;
            }
            if (i != previous + 1 && runStart >= 0) {
                eraseRun(access, start, runStart, previous);
                runStart = -1;
            }
            if (runStart < 0) {
                runStart = i;
            }
            previous = i;
        }
        if (runStart >= 0) {
            eraseRun(access, start, runStart, previous);
        }
    }

    private static void eraseRun(FlashAccess access, long start, int first, int last) throws IOException, FlasherException {
        long from = start + (long) first * FlashGeometry.SECTOR;
        for (Command.FlashErase erase : ErasePlan.of(from, (long) (last - first + 1) * FlashGeometry.SECTOR)) {
            access.withRetries(String.format("erasing 0x%06X", erase.address()), SECTOR_ATTEMPTS, ExitCode.CHIP_ERROR, () -> {
                access.erase(erase);
                return null;
            });
        }
    }

    /** Writes one erased sector and checks it; a sector that does not match is erased and written again. */
    private static void writeVerified(FlashAccess access, long address, byte[] sector) throws IOException, FlasherException {
        boolean blank = isBlank(sector);
        boolean[] firstTry = {true};
        access.withRetries(String.format("writing 0x%06X", address), SECTOR_ATTEMPTS, ExitCode.VERIFY_MISMATCH, () -> {
            if (!firstTry[0]) {
                access.eraseSector(address);
            }
            firstTry[0] = false;
            if (!blank) {
                access.writeSector(address, sector);
            }
            if (!access.matches(address, sector)) {
                throw new AttemptFailed("the chip's CRC of the sector does not match the image");
            }
            return null;
        });
    }

    private static boolean isBlank(byte[] sector) {
        for (byte b : sector) {
            if (b != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }
}
