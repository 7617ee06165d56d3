package zmai.flasher.ops;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

import zmai.flasher.ExitCode;
import zmai.flasher.FlasherException;
import zmai.flasher.protocol.ChipCrc;
import zmai.flasher.protocol.FlashGeometry;

/**
 * Backs up flash block by block. Every block is checked against the chip's own CRC (a run of blocks at a
 * time, block by block when the run differs) and read again when it does not match; an interrupted backup
 * resumes from its {@code .part} file, whose blocks are re-checked by CRC instead of read again. The
 * finished image gets a {@code .sha256} beside it.
 */
public final class BackupReader {

    private static final int READ_ATTEMPTS = 20;
    /** Blocks checked together by one CRC while nothing goes wrong. */
    private static final int RUN = 8 * FlashGeometry.SECTOR;

    /**
     * @param resumedBytes bytes taken from an earlier, interrupted run after their CRC matched
     * @param warning      something the user should look at, e.g. a dump that is all 0xFF
     */
    public record Result(Path file, String sha256, long bytes, long resumedBytes, Duration elapsed, int retries,
                         Optional<String> warning) {
    }

    private BackupReader() {
    }

    public static Result read(FlashAccess access, long offset, long length, Path out, ProgressListener progress)
            throws IOException, FlasherException {
        requireSectorRange(offset, length, access.chip().flashSize());
        long started = System.nanoTime();
        int retriesBefore = access.session().retries();
        Path part = out.resolveSibling(out.getFileName() + ".part");
        long resumed = 0;
        byte[] image = new byte[Math.toIntExact(length)];
        try (RandomAccessFile file = new RandomAccessFile(part.toFile(), "rw")) {
            long existing = Math.min(file.length(), length) / FlashGeometry.SECTOR * FlashGeometry.SECTOR;
            for (long at = 0; at < length; at += RUN) {
                int runLength = (int) Math.min(RUN, length - at);
                boolean inFile = at + runLength <= existing;
                byte[] run = inFile ? readFromFile(file, at, runLength) : readBlocks(access, offset + at, runLength);
                int kept = checkRun(access, offset + at, run);
                if (inFile) {
                    resumed += kept;
                }
                file.seek(at);
                file.write(run);
                System.arraycopy(run, 0, image, (int) at, runLength);
                progress.advanced(runLength);
            }
            file.setLength(length);
        }
        long whole = access.crc(offset, length);
        if (whole != ChipCrc.of(image)) {
            throw new FlasherException(ExitCode.VERIFY_MISMATCH, String.format("every block matched, yet the CRC of the"
                    + " whole range differs (chip 0x%08X, file 0x%08X); kept %s for another run", whole, ChipCrc.of(image), part));
        }
        Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        String sha256 = sha256(image);
        Files.writeString(out.resolveSibling(out.getFileName() + ".sha256"), sha256 + "  " + out.getFileName() + "\n",
                StandardCharsets.US_ASCII);
        return new Result(out, sha256, length, resumed, Duration.ofNanos(System.nanoTime() - started),
                access.session().retries() - retriesBefore, blankWarning(image));
    }

    private static byte[] readBlocks(FlashAccess access, long address, int length) throws IOException, FlasherException {
        byte[] run = new byte[length];
        for (int at = 0; at < length; at += FlashGeometry.SECTOR) {
            long sector = address + at;
            byte[] data = access.withRetries(String.format("reading 0x%06X", sector), READ_ATTEMPTS,
                    ExitCode.VERIFY_MISMATCH, () -> access.readSector(sector));
            System.arraycopy(data, 0, run, at, data.length);
        }
        return run;
    }

    /**
     * Checks a run of blocks (just read, or left by an interrupted backup) with one CRC; only when that
     * differs is each block checked, and the bad ones read again in place. One CRC per run instead of per
     * block keeps the line busy with data. Returns how many bytes were good as they were.
     */
    private static int checkRun(FlashAccess access, long address, byte[] run) throws IOException, FlasherException {
        if (matches(access, address, run)) {
            return run.length;
        }
        int good = 0;
        for (int at = 0; at < run.length; at += FlashGeometry.SECTOR) {
            long sector = address + at;
            if (matches(access, sector, Arrays.copyOfRange(run, at, at + FlashGeometry.SECTOR))) {
                good += FlashGeometry.SECTOR;
            } else {
                byte[] data = access.withRetries(String.format("reading 0x%06X", sector), READ_ATTEMPTS,
                        ExitCode.VERIFY_MISMATCH, () -> verifiedSector(access, sector));
                System.arraycopy(data, 0, run, at, data.length);
            }
        }
        return good;
    }

    /** True when the chip's CRC of {@code [address, address + bytes.length)} matches {@code bytes}. */
    private static boolean matches(FlashAccess access, long address, byte[] bytes) throws IOException, FlasherException {
        return access.withRetries(String.format("checking 0x%06X", address), READ_ATTEMPTS, ExitCode.VERIFY_MISMATCH,
                () -> access.matches(address, bytes));
    }

    private static byte[] verifiedSector(FlashAccess access, long address) throws IOException, AttemptFailed {
        byte[] sector = access.readSector(address);
        if (!access.matches(address, sector)) {
            throw new AttemptFailed("the block read differs from the chip's CRC of it");
        }
        return sector;
    }

    private static byte[] readFromFile(RandomAccessFile file, long at, int length) throws IOException {
        byte[] bytes = new byte[length];
        file.seek(at);
        file.readFully(bytes);
        return bytes;
    }

    static void requireSectorRange(long offset, long length, long flashSize) throws FlasherException {
        if (offset < 0 || length <= 0 || offset % FlashGeometry.SECTOR != 0 || length % FlashGeometry.SECTOR != 0) {
            throw new FlasherException(ExitCode.USAGE, String.format("offset 0x%X and length 0x%X must be positive"
                    + " multiples of 4 KiB (0x1000)", offset, length));
        }
        if (offset + length > flashSize) {
            throw new FlasherException(ExitCode.USAGE, String.format("0x%X + 0x%X reaches past the end of the %d KiB flash",
                    offset, length, flashSize / 1024));
        }
    }

    private static Optional<String> blankWarning(byte[] image) {
        byte first = image[0];
        for (byte b : image) {
            if (b != first) {
                return Optional.empty();
            }
        }
        return first == 0 || first == (byte) 0xFF
                ? Optional.of(String.format("the whole range reads 0x%02X: a dead line or an erased chip, not firmware", first & 0xFF))
                : Optional.empty();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
