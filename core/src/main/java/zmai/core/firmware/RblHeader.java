package zmai.core.firmware;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * The 96-byte little-endian header of an OpenBeken {@code .rbl} OTA file (bootloader spec §8.4). The Beken
 * bootloader checks it on boot and keeps the old application when it is bad, so this is the check an OTA
 * target (real or virtual) applies to a downloaded image.
 *
 * @param encryption  0 none, 1 XOR, 2 AES-256
 * @param compression 0 none, 1 gzip, 2 QuickLZ, 3 FastLZ
 * @param timestamp   Unix seconds, as written by the packager
 * @param payloadCrc  zlib CRC-32 of the package payload as stored
 * @param rawHash     FNV-1a-32 of the raw firmware (first {@code rawSize} bytes before compression/encryption)
 * @param packageSize payload bytes that follow the header in an OTA file
 */
public record RblHeader(int encryption, int compression, long timestamp, String name, String version,
                        String serial, long payloadCrc, long rawHash, long rawSize, long packageSize) {

    public static final int LENGTH = 96;
    public static final int NAME_LENGTH = 16;
    public static final int VERSION_LENGTH = 24;
    public static final int SERIAL_LENGTH = 24;
    /** The only name a bootloader installs as the application. */
    public static final String APPLICATION = "app";

    private static final byte[] MAGIC = {'R', 'B', 'L', 0};
    private static final int HEADER_CRC_OFFSET = 92;

    public RblHeader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(serial, "serial");
        requireFits(name, NAME_LENGTH, "name");
        requireFits(version, VERSION_LENGTH, "version");
        requireFits(serial, SERIAL_LENGTH, "serial");
        requireByte(encryption, "encryption");
        requireByte(compression, "compression");
        requireU32(timestamp, "timestamp");
        requireU32(payloadCrc, "payload CRC");
        requireU32(rawHash, "raw hash");
        requireU32(rawSize, "raw size");
        requireU32(packageSize, "package size");
    }

    /** A plain (unencrypted, uncompressed) application package for {@code firmware}, as tests and simulators need. */
    public static RblHeader forPlainApplication(String version, byte[] firmware, long timestamp) {
        return new RblHeader(0, 0, timestamp, APPLICATION, version, "", crc32(firmware, 0, firmware.length),
                fnv1a32(firmware), firmware.length, firmware.length);
    }

    /** Header followed by {@code payload}: a complete {@code .rbl} file. */
    public static byte[] buildFile(RblHeader header, byte[] payload) {
        byte[] file = Arrays.copyOf(header.encode(), LENGTH + payload.length);
        System.arraycopy(payload, 0, file, LENGTH, payload.length);
        return file;
    }

    /** The 96 header bytes, header CRC included. */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) encryption).put((byte) compression).putShort((short) 0).putInt((int) timestamp);
        putPadded(b, name, NAME_LENGTH);
        putPadded(b, version, VERSION_LENGTH);
        putPadded(b, serial, SERIAL_LENGTH);
        b.putInt((int) payloadCrc).putInt((int) rawHash).putInt((int) rawSize).putInt((int) packageSize);
        byte[] bytes = b.array();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(HEADER_CRC_OFFSET, (int) crc32(bytes, 0, HEADER_CRC_OFFSET));
        return bytes;
    }

    /**
     * Reads the header at the start of {@code bytes} (a header alone or a whole file), checking magic and header
     * CRC. Throws {@link IllegalArgumentException} with the reason for truncated or corrupt input.
     */
    public static RblHeader parse(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length < LENGTH) {
            throw new IllegalArgumentException("RBL header truncated: " + bytes.length + " of " + LENGTH + " bytes");
        }
        if (!Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IllegalArgumentException("not an RBL file: magic is " + hex(bytes, 0, 4) + ", expected 52424c00");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        long storedHeaderCrc = Integer.toUnsignedLong(b.getInt(HEADER_CRC_OFFSET));
        long computed = crc32(bytes, 0, HEADER_CRC_OFFSET);
        if (storedHeaderCrc != computed) {
            throw new IllegalArgumentException(String.format(
                    "RBL header CRC mismatch: stored %08x, computed %08x", storedHeaderCrc, computed));
        }
        return new RblHeader(bytes[4] & 0xFF, bytes[5] & 0xFF, u32(b, 8), text(bytes, 12, NAME_LENGTH),
                text(bytes, 28, VERSION_LENGTH), text(bytes, 52, SERIAL_LENGTH), u32(b, 76), u32(b, 80),
                u32(b, 84), u32(b, 88));
    }

    /**
     * Everything a bootloader-side check can do without keys on a whole OTA file: header, length
     * ({@code 96 + packageSize}), payload CRC-32 and the {@code app} name. Never throws on bad input.
     */
    public static RblCheck check(byte[] file) {
        RblHeader header;
        try {
            header = parse(file);
        } catch (IllegalArgumentException e) {
            return new RblCheck.Rejected(e.getMessage());
        }
        if (file.length != LENGTH + header.packageSize) {
            return new RblCheck.Rejected("file is " + file.length + " bytes, header says " + LENGTH + " + "
                    + header.packageSize);
        }
        long payloadCrc = crc32(file, LENGTH, file.length - LENGTH);
        if (payloadCrc != header.payloadCrc) {
            return new RblCheck.Rejected(String.format("payload CRC mismatch: header %08x, payload %08x",
                    header.payloadCrc, payloadCrc));
        }
        if (!APPLICATION.equals(header.name)) {
            return new RblCheck.Rejected("package is '" + header.name + "', not the application ('app')");
        }
        return new RblCheck.Valid(header);
    }

    /** zlib CRC-32. */
    public static long crc32(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }

    /** FNV-1a, 32 bits. */
    public static long fnv1a32(byte[] bytes) {
        int hash = 0x811C9DC5;
        for (byte value : bytes) {
            hash ^= value & 0xFF;
            hash *= 0x01000193;
        }
        return Integer.toUnsignedLong(hash);
    }

    /** Outcome of {@link #check(byte[])}. */
    public sealed interface RblCheck {
        record Valid(RblHeader header) implements RblCheck {
        }

        record Rejected(String reason) implements RblCheck {
        }
    }

    private static long u32(ByteBuffer b, int offset) {
        return Integer.toUnsignedLong(b.getInt(offset));
    }

    // NUL-padded ASCII; a field filled to its last byte has no terminator
    private static String text(byte[] bytes, int offset, int length) {
        int end = offset;
        while (end < offset + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.US_ASCII);
    }

    private static void putPadded(ByteBuffer b, String text, int length) {
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        b.put(ascii).put(new byte[length - ascii.length]);
    }

    private static void requireFits(String text, int length, String field) {
        if (text.length() > length || !StandardCharsets.US_ASCII.newEncoder().canEncode(text) || text.indexOf(0) >= 0) {
            throw new IllegalArgumentException("RBL " + field + " must be ASCII without NUL, at most " + length
                    + " bytes: '" + text + "'");
        }
    }

    private static void requireByte(int value, String field) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException("RBL " + field + " is one byte, not " + value);
        }
    }

    private static void requireU32(long value, String field) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("RBL " + field + " is an unsigned 32-bit value, not " + value);
        }
    }

    private static String hex(byte[] bytes, int offset, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = offset; i < offset + length; i++) {
            s.append(String.format("%02x", bytes[i]));
        }
        return s.toString();
    }
}
