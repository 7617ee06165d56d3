package zmai.fleet.firmware;

import zmai.core.firmware.FirmwareVersion;
import zmai.core.firmware.RblHeader;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Checks an uploaded image against its name before it is stored. An OTA package gets every check the bootloader
 * makes (magic, header CRC, length, payload CRC, {@code app}) plus the raw FNV-1a hash where the payload is the raw
 * firmware, and its header version must be the one in its name. A serial image has no header: only its size is
 * checked. Bad input throws {@link IllegalArgumentException} with a message for the operator.
 */
final class FirmwareCheck {

    /** The flash of a BK7231 is 2 MiB; no image for it is bigger. */
    static final int MAX_IMAGE = 2 * 1024 * 1024;
    /** Far smaller than any real OpenBeken build: what is below is a fragment, not an image. */
    static final int MIN_SERIAL_IMAGE = 64 * 1024;

    /** A checked image: its name's facts, its RBL header for an OTA package, and its SHA-256 in hex. */
    record Checked(FirmwareName name, Optional<RblHeader> header, String sha256) {
    }

    private FirmwareCheck() {
    }

    static Checked check(FirmwareName name, byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("the request body is empty; send the image's bytes");
        }
        if (bytes.length > MAX_IMAGE) {
            throw new IllegalArgumentException(name.filename() + " is " + bytes.length
                    + " bytes, more than the 2 MiB flash of a BK7231");
        }
        Optional<RblHeader> header = Optional.empty();
        if (name.kind() == FirmwareKind.OTA) {
            header = Optional.of(checkRbl(name, bytes));
        } else if (bytes.length < MIN_SERIAL_IMAGE) {
            throw new IllegalArgumentException(name.filename() + " is only " + bytes.length
                    + " bytes; a serial image is at least " + MIN_SERIAL_IMAGE + " (truncated?)");
        }
        return new Checked(name, header, sha256(bytes));
    }

    private static RblHeader checkRbl(FirmwareName name, byte[] bytes) {
        String what = name.filename() + " is not a valid OTA image: ";
        RblHeader parsed;
        try {
            parsed = RblHeader.parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + e.getMessage());
        }
        long expected = RblHeader.LENGTH + parsed.packageSize();
        if (bytes.length < expected) {
            throw new IllegalArgumentException(what + "truncated: it is " + bytes.length + " bytes, its header says "
                    + expected + " (96 + " + parsed.packageSize() + ")");
        }
        if (RblHeader.check(bytes) instanceof RblHeader.RblCheck.Rejected rejected) {
            throw new IllegalArgumentException(what + rejected.reason());
        }
        // with neither compression nor encryption the payload is the raw firmware, so its FNV hash can be checked
        if (parsed.encryption() == 0 && parsed.compression() == 0) {
            byte[] payload = Arrays.copyOfRange(bytes, RblHeader.LENGTH, bytes.length);
            if (parsed.rawSize() != payload.length) {
                throw new IllegalArgumentException(what + "the raw size in the header is " + parsed.rawSize()
                        + " bytes, but the uncompressed payload is " + payload.length);
            }
            long hash = RblHeader.fnv1a32(payload);
            if (hash != parsed.rawHash()) {
                throw new IllegalArgumentException(what + String.format(
                        "raw firmware hash mismatch: header %08x, payload %08x", parsed.rawHash(), hash));
            }
        }
        FirmwareVersion inHeader;
        try {
            inHeader = FirmwareVersion.parse(parsed.version());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + "its header version '" + parsed.version()
                    + "' is not a firmware version");
        }
        if (!inHeader.equals(name.version())) {
            throw new IllegalArgumentException(name.filename() + ": the header says version " + inHeader
                    + ", the file name says " + name.version() + "; rename the file or rebuild the image");
        }
        return parsed;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
