package zmai.meter.rn8209;

import java.util.Arrays;
import java.util.HexFormat;

/** A register's raw bits as read, checked against the chip's checksum. */
public record RegisterValue(Register register, long raw) {

    public RegisterValue {
        if (raw < 0 || raw > register.mask()) {
            throw new IllegalArgumentException(register + " cannot hold 0x" + Long.toHexString(raw));
        }
    }

    /** Reads the chip's answer to {@code ReadRegister(register)}: data MSB first, then the checksum. */
    public static RegisterValue decode(Register register, byte[] answer) throws FrameException {
        if (answer.length != register.width() + 1) {
            throw new FrameException(register + " answer has " + answer.length + " bytes, expected " + (register.width() + 1)
                    + ": " + leading(answer));
        }
        byte[] data = Arrays.copyOf(answer, register.width());
        int expected = Checksum.ofCommandAnd(register.address(), data);
        if ((answer[answer.length - 1] & 0xFF) != expected) {
            throw new FrameException(String.format("%s answer %s has checksum 0x%02X, expected 0x%02X", register,
                    HexFormat.ofDelimiter(" ").formatHex(answer), answer[answer.length - 1] & 0xFF, expected));
        }
        long raw = 0;
        for (byte b : data) {
            raw = raw << 8 | b & 0xFF;
        }
        return new RegisterValue(register, raw);
    }

    // a line flooded with noise can hand over megabytes; the message shows enough to recognise it
    private static String leading(byte[] answer) {
        int shown = Math.min(answer.length, 8);
        String hex = HexFormat.ofDelimiter(" ").formatHex(answer, 0, shown);
        return shown < answer.length ? hex + " …" : hex;
    }

    /** The answer bytes the chip sends for this value. */
    public byte[] encodeAnswer() {
        byte[] answer = new byte[register.width() + 1];
        for (int i = 0; i < register.width(); i++) {
            answer[i] = (byte) (raw >>> 8 * (register.width() - 1 - i));
        }
        answer[answer.length - 1] = (byte) Checksum.ofCommandAnd(register.address(),
                Arrays.copyOf(answer, register.width()));
        return answer;
    }

    /** Sign-extended where the register is signed. */
    public long value() {
        return register.interpret(raw);
    }
}
