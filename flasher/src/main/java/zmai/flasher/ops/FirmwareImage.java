package zmai.flasher.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import zmai.core.meter.ChipFamily;
import zmai.flasher.ExitCode;
import zmai.flasher.FlasherException;
import zmai.flasher.protocol.FlashGeometry;

/**
 * A serial-flash image and where it goes. The kind is decided from the content, never from the name alone:
 * a {@code _UA_} file written where a {@code _QIO_} one belongs would land on the bootloader.
 *
 * @param bytes        what will be written, starting at {@code flashOffset}
 * @param nameFamily   the chip family the file name claims ({@code OpenBK7231N_...}), if any
 */
public record FirmwareImage(String name, Kind kind, byte[] bytes, long flashOffset, Optional<ChipFamily> nameFamily) {

    public enum Kind {
        /** Bootloader followed by the application, as {@code OpenBK7231N_QIO_<ver>.bin}. */
        QIO,
        /** The application alone, as {@code OpenBK7231N_UA_<ver>.bin}; it belongs at 0x11000. */
        UA,
        /** A whole-flash backup, as {@code flasher read} makes. */
        BACKUP
    }

    /** End of the application partition, where the OTA download area begins. */
    static long appPartitionEnd(ChipFamily chip) {
        return chip == ChipFamily.BK7231T ? 0x132000 : 0x12A000;
    }

    /** Reads and checks {@code file} for {@code chip}; {@code withBootloader} also writes a QIO file's bootloader. */
    public static FirmwareImage load(Path file, ChipFamily chip, boolean withBootloader) throws FlasherException {
        byte[] content;
        try {
            long size = Files.size(file);
            if (size > FlashGeometry.SIZE_2M * 8L) {
                throw new FlasherException(ExitCode.REFUSED, file + " is " + size + " bytes, far larger than any flash image");
            }
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new FlasherException(ExitCode.REFUSED, "cannot read image " + file + ": " + e.getMessage());
        }
        return of(String.valueOf(file.getFileName()), content, chip, withBootloader);
    }

    static FirmwareImage of(String name, byte[] content, ChipFamily chip, boolean withBootloader) throws FlasherException {
        Optional<ChipFamily> named = familyInName(name);
        if (named.isPresent() && named.get() != chip && !(named.get() == ChipFamily.BK7231M && chip == ChipFamily.BK7231N)) {
            throw refused(name + " is built for " + named.get() + " but the chip is " + chip
                    + "; an image for the wrong family can brick it");
        }
        if (content.length < Crc16Cms.UNIT) {
            throw refused(name + " is only " + content.length + " bytes: not a flash image");
        }
        if (content[0] == 'R' && content[1] == 'B' && content[2] == 'L' && content[3] == 0) {
            throw refused(name + " is an OTA package (RBL), which goes over HTTP, not UART; for serial flashing use"
                    + " the OpenBK7231N_QIO_<version>.bin or _UA_ file");
        }
        Kind kind = kindOf(name, content);
        if (withBootloader && chip == ChipFamily.BK7231T) {
            throw refused("the BK7231T's bootloader is what answers the flasher: overwriting it ends UART flashing for good");
        }
        long offset = kind == Kind.UA || !withBootloader ? FlashGeometry.BOOTLOADER_END : 0;
        int skip = kind == Kind.UA ? 0 : (int) offset;
        if (kind != Kind.BACKUP) {
            requireSoundUnits(name, content, kind == Kind.QIO ? FlashGeometry.BOOTLOADER_END : 0);
        }
        byte[] bytes = Arrays.copyOfRange(content, skip, content.length);
        long limit = kind == Kind.BACKUP ? FlashGeometry.SIZE_2M : appPartitionEnd(chip);
        if (offset + bytes.length > limit) {
            throw refused(String.format("%s would reach 0x%06X, past the end of the %s at 0x%06X", name,
                    offset + bytes.length, kind == Kind.BACKUP ? "flash" : "application partition", limit));
        }
        return new FirmwareImage(name, kind, bytes, offset, named);
    }

    private static Kind kindOf(String name, byte[] content) throws FlasherException {
        if (content.length == FlashGeometry.SIZE_2M) {
            return Kind.BACKUP;
        }
        boolean codeAtStart = Crc16Cms.unitIsSound(content, 0);
        // 0x11000 is a unit boundary in any code image, so a sound unit there proves nothing; the
        // bootloader's own RBL header at its partition's end does
        if (codeAtStart && content.length > FlashGeometry.BOOTLOADER_END && hasBootloaderHeader(content)) {
            return Kind.QIO;
        }
        if (codeAtStart) {
            if (name.toUpperCase(Locale.ROOT).contains("_QIO_")) {
                throw refused(name + " is named a QIO image but holds no bootloader (no RBL header at 0x10F9A): truncated or"
                        + " not a QIO image");
            }
            return Kind.UA;
        }
        throw refused(name + " is not a BK7231 flash image: its first 34 bytes carry no valid CRC16");
    }

    /** The RBL header that ends the bootloader partition: logical 0xFFA0, physical 0x10F9A. */
    static final int BOOTLOADER_RBL = 0x10F9A;

    private static boolean hasBootloaderHeader(byte[] content) {
        return content[BOOTLOADER_RBL] == 'R' && content[BOOTLOADER_RBL + 1] == 'B' && content[BOOTLOADER_RBL + 2] == 'L'
                && content[BOOTLOADER_RBL + 3] == 0;
    }

    /** Every 34-byte unit of the code from {@code from} on carries its CRC16, or is blank padding. */
    private static void requireSoundUnits(String name, byte[] content, int from) throws FlasherException {
        int at = from;
        for (; at + Crc16Cms.UNIT <= content.length; at += Crc16Cms.UNIT) {
            if (!Crc16Cms.unitIsSound(content, at) && !blank(content, at, Crc16Cms.UNIT)) {
                throw refused(String.format("%s is damaged: the CRC16 of its 34-byte unit at offset 0x%X does not match;"
                        + " download the file again", name, at));
            }
        }
        if (!blank(content, at, content.length - at)) {
            throw refused(String.format("%s ends in the middle of a 34-byte unit at offset 0x%X: the file is truncated",
                    name, at));
        }
    }

    private static boolean blank(byte[] content, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (content[i] != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    private static Optional<ChipFamily> familyInName(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        int at = upper.indexOf("OPENBK");
        if (at < 0) {
            return Optional.empty();
        }
        String rest = upper.substring(at + 4);
        int end = 0;
        while (end < rest.length() && Character.isLetterOrDigit(rest.charAt(end))) {
            end++;
        }
        return ChipFamily.fromName(rest.substring(0, end));
    }

    private static FlasherException refused(String message) {
        return new FlasherException(ExitCode.REFUSED, message);
    }

    /** The image padded with 0xFF to whole 4 KiB sectors, as it will sit in flash. */
    public byte[] sectorAligned() {
        int length = (bytes.length + FlashGeometry.SECTOR - 1) / FlashGeometry.SECTOR * FlashGeometry.SECTOR;
        byte[] padded = Arrays.copyOf(bytes, length);
        Arrays.fill(padded, bytes.length, length, (byte) 0xFF);
        return padded;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FirmwareImage i && i.name.equals(name) && i.kind == kind && i.flashOffset == flashOffset
                && Arrays.equals(i.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return String.format("%s (%s, %d bytes at 0x%06X)", name, kind, bytes.length, flashOffset);
    }
}
