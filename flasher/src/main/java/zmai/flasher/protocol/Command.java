package zmai.flasher.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static zmai.flasher.protocol.LittleEndian.u16;
import static zmai.flasher.protocol.LittleEndian.u32;
import static zmai.flasher.protocol.Payloads.requireEcho;
import static zmai.flasher.protocol.Payloads.requireU32;

/**
 * A request from host to chip, typed by the answer it expects. The code spaces of the two forms overlap
 * (short 0x0E is Reboot, long 0x0E is FlashGetMID), so a command is identified by code and form together.
 *
 * @param <A> the answer this command expects (Reboot and Reset are never answered)
 */
public sealed interface Command<A extends Answer> {

    Framing framing();

    int code();

    byte[] payload();

    /** Payload length of the expected answer, to size the wait for it; -1 when it varies. */
    int answerPayloadLength();

    /** Checks {@code frame} against this command and reads it. */
    A decodeAnswer(Frame frame) throws ProtocolException;

    default Frame frame() {
        return new Frame(framing(), code(), payload());
    }

    default byte[] encode() {
        return frame().encodeAsCommand();
    }

    default boolean expectsAnswer() {
        return answerPayloadLength() != 0;
    }

    /** The answer code: the command's own, except LinkCheck's. */
    default int answerCode() {
        return code();
    }

    /**
     * Reads a command frame as the chip does. Unknown (code, form) pairs and malformed payloads are
     * reported, not guessed at.
     */
    static Command<?> decode(Frame frame) throws ProtocolException {
        byte[] p = frame.payload();
        try {
            if (frame.framing() == Framing.SHORT) {
                switch (frame.code()) {
                    case LinkCheck.CODE: return new LinkCheck();
                    case WriteRegister.CODE: return new WriteRegister(u32(p, 0), u32(p, 4));
                    case ReadRegister.CODE: return new ReadRegister(u32(p, 0));
                    case Reboot.CODE: return new Reboot();
                    case SetBaudRate.CODE: return new SetBaudRate(u32(p, 0), p[4] & 0xFF);
                    case CheckCrc.CODE: return new CheckCrc(u32(p, 0), u32(p, 4));
                    case ReadBootVersion.CODE: return new ReadBootVersion();
                    case ResetChip.CODE: return new ResetChip();
                    case StayRom.CODE: return new StayRom();
                    default: break;
                }
            } else {
                switch (frame.code()) {
                    case FlashWrite.CODE: return new FlashWrite(u32(p, 0), Arrays.copyOfRange(p, 4, p.length));
                    case FlashWrite4K.CODE: return new FlashWrite4K(u32(p, 0), Arrays.copyOfRange(p, 4, p.length));
                    case FlashRead4K.CODE: return new FlashRead4K(u32(p, 0));
                    case FlashEraseAll.CODE: return new FlashEraseAll();
                    case FlashErase4K.CODE: return new FlashErase4K(u32(p, 0));
                    case FlashReadStatus.CODE: return new FlashReadStatus(p[0] & 0xFF);
                    case FlashWriteStatus.CODE:
                        return new FlashWriteStatus(p[0] & 0xFF, p.length == 2 ? p[1] & 0xFF : u16(p, 1), p.length - 1);
                    case FlashGetMid.CODE: return new FlashGetMid();
                    case FlashErase.CODE: return new FlashErase(EraseSize.fromOpcode(p[0] & 0xFF), u32(p, 1));
                    default: break;
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new ProtocolException("command payload too short: " + frame);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(e.getMessage() + ": " + frame);
        }
        throw new ProtocolException("unknown command " + frame);
    }

    // ----- short form -----

    /** Asks whether the ROM is listening; only answered in the window after a reset, or once linked. */
    record LinkCheck() implements Command<Answer.LinkCheckAnswer> {
        static final int CODE = 0x00;
        static final int ANSWER_CODE = 0x01;
        public Framing framing() { return Framing.SHORT; }
        public int code() { return CODE; }
        public byte[] payload() { return new byte[0]; }
        public int answerPayloadLength() { return 1; }
        public int answerCode() { return ANSWER_CODE; }

        public Answer.LinkCheckAnswer decodeAnswer(Frame f) throws ProtocolException {
            Payloads.requireShape(f, Framing.SHORT, ANSWER_CODE, 1, "LinkCheck");
            return new Answer.LinkCheckAnswer(f.payload()[0] & 0xFF);
        }
    }

    record WriteRegister(long address, long value) implements Command<Answer.RegisterWritten> {
        static final int CODE = 0x01;
        public WriteRegister {
            requireU32(address, "register address");
            requireU32(value, "register value");
        }
        public Framing framing() { return Framing.SHORT; }
        public int code() { return CODE; }
        public byte[] payload() { return Payloads.u32s(address, value); }
        public int answerPayloadLength() { return 8; }

        public Answer.RegisterWritten decodeAnswer(Frame f) throws ProtocolException {
            Payloads.requireShape(f, Framing.SHORT, CODE, 8, "WriteReg");
            byte[] p = f.payload();
            requireEcho("WriteReg", address, u32(p, 0));
            return new Answer.RegisterWritten(u32(p, 0), u32(p, 4));
        }
    }

    record ReadRegister(long address) implements Command<Answer.RegisterRead> {
        static final int CODE = 0x03;
        public ReadRegister {
            requireU32(address, "register address");
        }
        public Framing framing() { return Framing.SHORT; }
        public int code() { return CODE; }
        public byte[] payload() { return Payloads.u32s(address); }
        public int answerPayloadLength() { return 8; }

        public Answer.RegisterRead decodeAnswer(Frame f) throws ProtocolException {
            Payloads.requireShape(f, Framing.SHORT, CODE, 8, "ReadReg");
            byte[] p = f.payload();
            requireEcho("ReadReg", address, u32(p, 0));
            return new Answer.RegisterRead(u32(p, 0), u32(p, 4));
        }
    }

    /** Leaves download mode and starts the application; not answered. */
    record Reboot() implements Command<Answer> {
        static final int CODE = 0x0E;
        public Framing framing() { return Framing.SHORT; }
        public int code() { return CODE; }
        public byte[] payload() { return new byte[]{(byte) 0xA5}; }
        public int answerPayloadLength() { return 0; }

        public Answer decodeAnswer(Frame f) throws ProtocolException {
            throw new ProtocolException("Reboot is not answered, yet got " + f);
        }
    }

    /** Switches the line speed; the chip echoes the request at the new rate after about {@code delayMillis}. */
    record SetBaudRate(long baud, int delayMillis) implements Command<Answer.BaudRateChanged> {
        static final int CODE = 0x0F;
        public SetBaudRate {
            if (baud <= 0 || baud > 6_000_000) {
                throw new IllegalArgumentException("baud rate out of range: " + baud);
            }
            if (delayMillis < 0 || delayMillis > 0xFF) {
                throw new IllegalArgumentException("baud switch delay must fit in one byte: " + delayMillis);
            }
        }
        public Framing framing() { return Framing.SHORT; }
        public int code() { return CODE; }
        public byte[] payload() { return Payloads.baud(baud, delayMillis); }
        public int answerPayloadLength() { return 5; }

        public Answer.BaudRateChanged decodeAnswer(Frame f) throws ProtocolException {
            Payloads.requireShape(f, Framing.SHORT, CODE, 5, "SetBaudRate");
            byte[] p = f.payload();
            requireEcho("SetBaudRate", baud, u32(p, 0));
            return new Answer.BaudRateChanged(u32(p, 0), p[4] & 0xFF);
        }
    }

    /**
     * CRC of flash {@code [start, end]}. Whether {@code end} is inclusive depends on the bootloader: use
     * {@link ProtocolType#checkCrc} rather than building this by hand.
     */
    record CheckCrc(long start, long end) implements Command<Answer.CrcValue> {
        static final int CODE = 0x10;
        public CheckCrc {
            requireU32(start, "CRC start");
            requireU32(end, "CRC end");
        }
        public Framing framing() { return Framing.SHORT; }
        public int code() { return CODE; }
        public byte[] payload() { return Payloads.u32s(start, end); }
        public int answerPayloadLength() { return 4; }

        public Answer.CrcValue decodeAnswer(Frame f) throws ProtocolException {
            Payloads.requireShape(f, Framing.SHORT, CODE, 4, "CheckCRC");
            return new Answer.CrcValue(u32(f.payload(), 0));
        }
    }

    /** BK7231T bootloaders only. */
    record ReadBootVersion() implements Command<Answer.BootVersion> {
        static final int CODE = 0x11;
        public Framing framing() { return Framing.SHORT; }
        public int code() { return CODE; }
        public byte[] payload() { return new byte[0]; }
        public int answerPayloadLength() { return -1; }

        public Answer.BootVersion decodeAnswer(Frame f) throws ProtocolException {
            Payloads.requireShape(f, Framing.SHORT, CODE, f.payloadLength(), "ReadBootVersion");
            return new Answer.BootVersion(new String(f.payload(), StandardCharsets.US_ASCII).strip());
        }
    }

    /** Resets a BK7231N; not answered. */
    record ResetChip() implements Command<Answer> {
        static final int CODE = 0x70;
        public Framing framing() { return Framing.SHORT; }
        public int code() { return CODE; }
        public byte[] payload() { return "SEAN".getBytes(StandardCharsets.US_ASCII); }
        public int answerPayloadLength() { return 0; }

        public Answer decodeAnswer(Frame f) throws ProtocolException {
            throw new ProtocolException("Reset is not answered, yet got " + f);
        }
    }

    record StayRom() implements Command<Answer.StayingInRom> {
        static final int CODE = 0xAA;
        public Framing framing() { return Framing.SHORT; }
        public int code() { return CODE; }
        public byte[] payload() { return new byte[]{0x55}; }
        public int answerPayloadLength() { return 1; }

        public Answer.StayingInRom decodeAnswer(Frame f) throws ProtocolException {
            Payloads.requireShape(f, Framing.SHORT, CODE, 1, "StayRom");
            return new Answer.StayingInRom(f.payload()[0] & 0xFF);
        }
    }

    // ----- long form -----

    /** Programs 1..255 bytes; the count byte cannot say 256. */
    record FlashWrite(long address, byte[] data) implements Command<Answer.FlashWritten> {
        static final int CODE = 0x06;
        public FlashWrite {
            requireU32(address, "flash address");
            if (data.length < 1 || data.length > 255) {
                throw new IllegalArgumentException("FlashWrite takes 1 to 255 bytes, not " + data.length);
            }
            data = data.clone();
        }
        public byte[] data() { return data.clone(); }
        public Framing framing() { return Framing.LONG; }
        public int code() { return CODE; }
        public byte[] payload() { return Payloads.addressAnd(address, data); }
        public int answerPayloadLength() { return 6; }

        public Answer.FlashWritten decodeAnswer(Frame f) throws ProtocolException {
            Payloads.requireShape(f, Framing.LONG, CODE, 6, "FlashWrite");
            byte[] p = f.payload();
            requireEcho("FlashWrite", address, u32(p, 1));
            return new Answer.FlashWritten(p[0] & 0xFF, u32(p, 1), p[5] & 0xFF);
        }

        @Override public boolean equals(Object o) { return o instanceof FlashWrite w && w.address == address && Arrays.equals(w.data, data); }
        @Override public int hashCode() { return Long.hashCode(address) * 31 + Arrays.hashCode(data); }
        @Override public String toString() { return "FlashWrite[0x" + Long.toHexString(address) + ", " + data.length + " bytes]"; }
    }

    /** Programs one 4 KiB block; the flash must have been erased. */
    record FlashWrite4K(long address, byte[] data) implements Command<Answer.Flash4KWritten> {
        static final int CODE = 0x07;
        public FlashWrite4K {
            requireU32(address, "flash address");
            if (data.length != FlashGeometry.SECTOR) {
                throw new IllegalArgumentException("FlashWrite4K takes exactly 4096 bytes, not " + data.length);
            }
            data = data.clone();
        }
        public byte[] data() { return data.clone(); }
        public Framing framing() { return Framing.LONG; }
        public int code() { return CODE; }
        public byte[] payload() { return Payloads.addressAnd(address, data); }
        public int answerPayloadLength() { return 5; }

        public Answer.Flash4KWritten decodeAnswer(Frame f) throws ProtocolException {
            Payloads.requireShape(f, Framing.LONG, CODE, 5, "FlashWrite4K");
            byte[] p = f.payload();
            requireEcho("FlashWrite4K", address, u32(p, 1));
            return new Answer.Flash4KWritten(p[0] & 0xFF, u32(p, 1));
        }

        @Override public boolean equals(Object o) { return o instanceof FlashWrite4K w && w.address == address && Arrays.equals(w.data, data); }
        @Override public int hashCode() { return Long.hashCode(address) * 31 + Arrays.hashCode(data); }
        @Override public String toString() { return "FlashWrite4K[0x" + Long.toHexString(address) + "]"; }
    }

    record FlashRead4K(long address) implements Command<Answer.FlashBlock> {
        static final int CODE = 0x09;
        public FlashRead4K {
            requireU32(address, "flash address");
        }
        public Framing framing() { return Framing.LONG; }
        public int code() { return CODE; }
        public byte[] payload() { return Payloads.u32s(address); }
        public int answerPayloadLength() { return 5 + FlashGeometry.SECTOR; }

        public Answer.FlashBlock decodeAnswer(Frame f) throws ProtocolException {
            Payloads.requireShape(f, Framing.LONG, CODE, 5 + FlashGeometry.SECTOR, "FlashRead4K");
            byte[] p = f.payload();
            requireEcho("FlashRead4K", address, u32(p, 1));
            return new Answer.FlashBlock(p[0] & 0xFF, u32(p, 1), Arrays.copyOfRange(p, 5, p.length));
        }
    }

    record FlashEraseAll() implements Command<Answer.FlashErasedAll> {
        static final int CODE = 0x0A;
        public Framing framing() { return Framing.LONG; }
        public int code() { return CODE; }
        public byte[] payload() { return new byte[]{0x04}; }
        public int answerPayloadLength() { return 2; }

        public Answer.FlashErasedAll decodeAnswer(Frame f) throws ProtocolException {
            Payloads.requireShape(f, Framing.LONG, CODE, 2, "FlashEraseAll");
            byte[] p = f.payload();
            return new Answer.FlashErasedAll(p[0] & 0xFF, p[1] & 0xFF);
        }
    }

    record FlashErase4K(long address) implements Command<Answer.Flash4KErased> {
        static final int CODE = 0x0B;
        public FlashErase4K {
            requireU32(address, "flash address");
        }
        public Framing framing() { return Framing.LONG; }
        public int code() { return CODE; }
        public byte[] payload() { return Payloads.u32s(address); }
        public int answerPayloadLength() { return 5; }

        public Answer.Flash4KErased decodeAnswer(Frame f) throws ProtocolException {
            Payloads.requireShape(f, Framing.LONG, CODE, 5, "FlashErase4K");
            byte[] p = f.payload();
            requireEcho("FlashErase4K", address, u32(p, 1));
            return new Answer.Flash4KErased(p[0] & 0xFF, u32(p, 1));
        }
    }

    /** Reads one status-register byte with SPI opcode 0x05 (low), 0x35 (high) or 0x15 (third). */
    record FlashReadStatus(int opcode) implements Command<Answer.StatusRegisterRead> {
        static final int CODE = 0x0C;
        public FlashReadStatus {
            Payloads.requireByte(opcode, "SPI opcode");
        }
        public Framing framing() { return Framing.LONG; }
        public int code() { return CODE; }
        public byte[] payload() { return new byte[]{(byte) opcode}; }
        public int answerPayloadLength() { return 3; }

        public Answer.StatusRegisterRead decodeAnswer(Frame f) throws ProtocolException {
            Payloads.requireShape(f, Framing.LONG, CODE, 3, "FlashReadSR");
            byte[] p = f.payload();
            requireEcho("FlashReadSR", opcode, p[1] & 0xFF);
            return new Answer.StatusRegisterRead(p[0] & 0xFF, p[1] & 0xFF, p[2] & 0xFF);
        }
    }

    /** Writes the status register: one byte, or two (low first) with opcode 0x01 on two-byte parts. */
    record FlashWriteStatus(int opcode, int value, int width) implements Command<Answer.StatusRegisterWritten> {
        static final int CODE = 0x0D;
        public FlashWriteStatus {
            Payloads.requireByte(opcode, "SPI opcode");
            if (width != 1 && width != 2) {
                throw new IllegalArgumentException("a status register is written as 1 or 2 bytes, not " + width);
            }
            if (value < 0 || value >= 1 << 8 * width) {
                throw new IllegalArgumentException("status value 0x" + Integer.toHexString(value) + " is wider than "
                        + width + " byte(s)");
            }
        }
        public Framing framing() { return Framing.LONG; }
        public int code() { return CODE; }
        public byte[] payload() {
            return width == 1 ? new byte[]{(byte) opcode, (byte) value}
                    : new byte[]{(byte) opcode, (byte) value, (byte) (value >>> 8)};
        }
        public int answerPayloadLength() { return 2 + width; }

        public Answer.StatusRegisterWritten decodeAnswer(Frame f) throws ProtocolException {
            Payloads.requireShape(f, Framing.LONG, CODE, 2 + width, "FlashWriteSR");
            byte[] p = f.payload();
            requireEcho("FlashWriteSR", opcode, p[1] & 0xFF);
            int echoed = width == 1 ? p[2] & 0xFF : u16(p, 2);
            return new Answer.StatusRegisterWritten(p[0] & 0xFF, p[1] & 0xFF, echoed, width);
        }
    }

    /** Reads the flash's JEDEC id (SPI opcode 0x9F). */
    record FlashGetMid() implements Command<Answer.FlashId> {
        static final int CODE = 0x0E;
        public Framing framing() { return Framing.LONG; }
        public int code() { return CODE; }
        public byte[] payload() { return Payloads.u32s(0x9F); }
        public int answerPayloadLength() { return 5; }

        public Answer.FlashId decodeAnswer(Frame f) throws ProtocolException {
            // the ROM sends a filler byte after the status; some tools expected one byte less
            Payloads.requireShape(f, Framing.LONG, CODE, 5, "FlashGetMID");
            byte[] p = f.payload();
            return new Answer.FlashId(p[0] & 0xFF, p[1] & 0xFF, p[2] & 0xFF, p[3] & 0xFF, p[4] & 0xFF);
        }
    }

    /** Erases the 4 KiB sector or 64 KiB block containing {@code address}. */
    record FlashErase(EraseSize size, long address) implements Command<Answer.FlashErased> {
        static final int CODE = 0x0F;
        public FlashErase {
            requireU32(address, "flash address");
        }
        public Framing framing() { return Framing.LONG; }
        public int code() { return CODE; }
        public byte[] payload() {
            byte[] p = new byte[5];
            p[0] = (byte) size.opcode();
            LittleEndian.putU32(p, 1, address);
            return p;
        }
        public int answerPayloadLength() { return 6; }

        public Answer.FlashErased decodeAnswer(Frame f) throws ProtocolException {
            Payloads.requireShape(f, Framing.LONG, CODE, 6, "FlashErase");
            byte[] p = f.payload();
            requireEcho("FlashErase size", size.opcode(), p[1] & 0xFF);
            requireEcho("FlashErase", address, u32(p, 2));
            return new Answer.FlashErased(p[0] & 0xFF, p[1] & 0xFF, u32(p, 2));
        }
    }
}
