package zmai.flasher.ops;

import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;

import zmai.flasher.ExitCode;
import zmai.flasher.FlasherException;
import zmai.flasher.protocol.Command;

/**
 * The flash-encryption key in a BK7231N's eFuse (bytes 0..15). Application images are encrypted for the
 * usual Tuya/Beken key; a chip with an all-zero key is a BK7231M and needs the BK7231M build.
 */
public record EfuseKey(byte[] bytes) {

    private static final long CONTROL = 0x800074;
    private static final long DATA = 0x800078;
    private static final int START = 1;
    private static final int VALID = 1 << 8;
    private static final int POLLS = 10;
    /** As the tools print it: four little-endian words 510fb093 a3cbeadc 5993a17e c7adeb03. */
    private static final byte[] TUYA = HexFormat.of().parseHex("93b00f51dceacba37ea19359 03ebadc7".replace(" ", ""));

    public EfuseKey {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Reads the 16 key bytes one eFuse byte at a time (write the index to the control register, poll, read). */
    public static EfuseKey read(BootloaderSession session) throws IOException, FlasherException {
        byte[] key = new byte[16];
        for (int index = 0; index < key.length; index++) {
            long control = session.call(new Command.ReadRegister(CONTROL)).value();
            session.call(new Command.WriteRegister(CONTROL, (control & ~0x1F02L) | (long) index << 8 | START));
            long data = 0;
            for (int poll = 0; poll < POLLS; poll++) {
                if ((session.call(new Command.ReadRegister(CONTROL)).value() & START) == 0) {
                    data = session.call(new Command.ReadRegister(DATA)).value();
                    break;
                }
            }
            if ((data & VALID) == 0) {
                throw new FlasherException(ExitCode.CHIP_ERROR, "the chip did not deliver eFuse byte " + index);
            }
            key[index] = (byte) data;
        }
        return new EfuseKey(key);
    }

    public boolean isTuya() {
        return Arrays.equals(bytes, TUYA);
    }

    /** All zero: a BK7231M, or an eFuse that is read-protected. */
    public boolean isZero() {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** Four little-endian words, as the tools print the key. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int word = 0; word < 4; word++) {
            for (int b = 3; b >= 0; b--) {
                text.append(String.format("%02x", bytes[word * 4 + b]));
            }
            text.append(word < 3 ? " " : "");
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EfuseKey k && Arrays.equals(k.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
