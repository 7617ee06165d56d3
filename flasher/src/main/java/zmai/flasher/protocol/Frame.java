package zmai.flasher.protocol;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One frame of either direction, without its header: the form, the code and the payload.
 * Host → chip: {@code 01 E0 FC LEN CODE payload} or {@code 01 E0 FC FF F4 LEN16 CODE payload};
 * chip → host: {@code 04 0E LEN 01 E0 FC CODE payload} or {@code 04 0E FF 01 E0 FC F4 LEN16 CODE payload}.
 */
public final class Frame {

    static final int MAX_PAYLOAD = 4_200;
    private static final byte[] COMMAND_PREAMBLE = {0x01, (byte) 0xE0, (byte) 0xFC};
    private static final byte[] ANSWER_PREAMBLE = {0x04, 0x0E};

    private final Framing framing;
    private final int code;
    private final byte[] payload;

    public Frame(Framing framing, int code, byte[] payload) {
        this.framing = Objects.requireNonNull(framing, "framing");
        if (code < 0 || code > 0xFF) {
            throw new IllegalArgumentException("a frame code is one byte, not " + code);
        }
        // a short command's length byte counts the code too and must stay below 0xFF, which announces the long form
        int limit = framing == Framing.SHORT ? 0xFD : MAX_PAYLOAD;
        if (payload.length > limit) {
            throw new IllegalArgumentException(framing + " frame payload of " + payload.length + " bytes exceeds " + limit);
        }
        this.code = code;
        this.payload = payload.clone();
    }

    public Framing framing() {
        return framing;
    }

    public int code() {
        return code;
    }

    public byte[] payload() {
        return payload.clone();
    }

    public int payloadLength() {
        return payload.length;
    }

    /** The bytes the host sends. */
    public byte[] encodeAsCommand() {
        int length = 1 + payload.length;
        if (framing == Framing.SHORT) {
            return concat(COMMAND_PREAMBLE, new byte[]{(byte) length, (byte) code}, payload);
        }
        byte[] header = {(byte) 0xFF, (byte) 0xF4, 0, 0, (byte) code};
        LittleEndian.putU16(header, 2, length);
        return concat(COMMAND_PREAMBLE, header, payload);
    }

    /** The bytes the chip answers with. */
    public byte[] encodeAsAnswer() {
        if (framing == Framing.SHORT) {
            if (payload.length > 0xFE - 4) {
                throw new IllegalStateException("a short answer cannot carry " + payload.length + " bytes");
            }
            // the short length counts the 01 E0 FC echo and the code too
            return concat(ANSWER_PREAMBLE, new byte[]{(byte) (4 + payload.length)}, COMMAND_PREAMBLE,
                    new byte[]{(byte) code}, payload);
        }
        byte[] header = {(byte) 0xF4, 0, 0, (byte) code};
        LittleEndian.putU16(header, 1, 1 + payload.length);
        return concat(ANSWER_PREAMBLE, new byte[]{(byte) 0xFF}, COMMAND_PREAMBLE, header, payload);
    }

    /** How many bytes a frame of this form with {@code payloadLength} takes on the line as an answer. */
    public static int answerLineLength(Framing framing, int payloadLength) {
        return (framing == Framing.SHORT ? 7 : 10) + payloadLength;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Frame f && f.framing == framing && f.code == code && Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(framing, code, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        String shown = payload.length > 16
                ? HexFormat.ofDelimiter(" ").formatHex(payload, 0, 16) + " …(" + payload.length + " bytes)"
                : HexFormat.ofDelimiter(" ").formatHex(payload);
        return framing + " 0x" + HexFormat.of().toHexDigits((byte) code) + " [" + shown + "]";
    }
}
