package zmai.flasher.protocol;

/** Builds and checks the byte layouts that several frames share. */
final class Payloads {

    static final long MAX_U32 = 0xFFFF_FFFFL;

    private Payloads() {
    }

    static byte[] u32s(long... values) {
        byte[] bytes = new byte[4 * values.length];
        for (int i = 0; i < values.length; i++) {
            LittleEndian.putU32(bytes, 4 * i, values[i]);
        }
        return bytes;
    }

    static byte[] baud(long baud, int delayMillis) {
        byte[] bytes = new byte[5];
        LittleEndian.putU32(bytes, 0, baud);
        bytes[4] = (byte) delayMillis;
        return bytes;
    }

    static byte[] statusAnd(int status, byte[]... rest) {
        int length = 1;
        for (byte[] part : rest) {
            length += part.length;
        }
        byte[] bytes = new byte[length];
        bytes[0] = (byte) status;
        int at = 1;
        for (byte[] part : rest) {
            System.arraycopy(part, 0, bytes, at, part.length);
            at += part.length;
        }
        return bytes;
    }

    static byte[] addressAnd(long address, byte[] data) {
        byte[] bytes = new byte[4 + data.length];
        LittleEndian.putU32(bytes, 0, address);
        System.arraycopy(data, 0, bytes, 4, data.length);
        return bytes;
    }

    static void requireByte(int value, String what) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(what + " must fit in one byte: " + value);
        }
    }

    /** The answer has the form, code and length its command expects. */
    static void requireShape(Frame frame, Framing framing, int code, int length, String what) throws ProtocolException {
        if (frame.framing() != framing || frame.code() != code) {
            throw new ProtocolException(what + " expected a " + framing + " answer with code 0x"
                    + Integer.toHexString(code) + ", got " + frame);
        }
        requireLength(frame, length, what);
    }

    static long requireU32(long value, String what) {
        if (value < 0 || value > MAX_U32) {
            throw new IllegalArgumentException(what + " must fit in 32 bits: " + value);
        }
        return value;
    }

    static void requireLength(Frame frame, int expected, String what) throws ProtocolException {
        if (frame.payloadLength() != expected) {
            throw new ProtocolException(what + " answer has " + frame.payloadLength() + " payload bytes, expected "
                    + expected + ": " + frame);
        }
    }

    static void requireEcho(String what, long expected, long actual) throws ProtocolException {
        if (expected != actual) {
            throw new ProtocolException(what + " answer echoes 0x" + Long.toHexString(actual) + " instead of 0x"
                    + Long.toHexString(expected));
        }
    }
}
