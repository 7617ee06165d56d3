package zmai.meter.rn8209;

import java.util.Arrays;
import java.util.Optional;

/** What the host sends the chip. The chip answers only reads; writes and special commands get no reply. */
public sealed interface Rn8209Command permits Rn8209Command.ReadRegister, Rn8209Command.WriteRegister,
        Rn8209Command.SpecialCommand {

    byte[] encode();

    /** Bytes the chip answers with: the register's width plus the checksum for a read, else none. */
    int answerLength();

    /** {@code addr}: the chip answers with the register's bytes, MSB first, and a checksum. */
    record ReadRegister(Register register) implements Rn8209Command {
        public byte[] encode() {
            return new byte[]{(byte) register.address()};
        }

        public int answerLength() {
            return register.width() + 1;
        }
    }

    /** {@code 0x80|addr, data MSB first, checksum}. Not acknowledged: read the register back to know it took. */
    record WriteRegister(Register register, long value) implements Rn8209Command {
        public WriteRegister {
            if (!register.writable()) {
                throw new IllegalArgumentException(register + " is read-only");
            }
            if (value < 0 || value > register.mask()) {
                throw new IllegalArgumentException(register + " is " + register.width() + " byte(s) wide: 0x"
                        + Long.toHexString(value) + " does not fit");
            }
        }

        public byte[] encode() {
            byte[] frame = new byte[register.width() + 2];
            frame[0] = (byte) (0x80 | register.address());
            for (int i = 0; i < register.width(); i++) {
                frame[1 + i] = (byte) (value >>> 8 * (register.width() - 1 - i));
            }
            frame[frame.length - 1] = (byte) Checksum.of(frame, 0, frame.length - 1);
            return frame;
        }

        public int answerLength() {
            return 0;
        }
    }

    /** {@code EA cmd checksum}: unlock, lock, channel select, soft reset. */
    enum SpecialCommand implements Rn8209Command {
        WRITE_ENABLE(0xE5),
        WRITE_PROTECT(0xDC),
        SELECT_CHANNEL_A(0x5A),
        SELECT_CHANNEL_B(0xA5),
        SOFT_RESET(0xFA);

        static final int TARGET = 0xEA;
        private final int code;

        SpecialCommand(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        public byte[] encode() {
            byte[] frame = {(byte) TARGET, (byte) code, 0};
            frame[2] = (byte) Checksum.of(frame, 0, 2);
            return frame;
        }

        public int answerLength() {
            return 0;
        }

        public static Optional<SpecialCommand> fromCode(int code) {
            return Arrays.stream(values()).filter(c -> c.code == code).findFirst();
        }
    }
}
