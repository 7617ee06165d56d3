package zmai.flasher.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * What the chip sends back. Flash answers start with a status byte (0 = success); the others echo the
 * command's parameters. Each answer can be encoded, for the simulator, and is decoded by its command.
 */
public sealed interface Answer {

    /** The frame the chip sends for this answer. */
    Frame frame();

    /** Flash answers carry a status byte; only 0 is known to mean success. */
    interface WithStatus {
        int status();

        default boolean succeeded() {
            return status() == 0;
        }
    }

    record LinkCheckAnswer(int value) implements Answer {
        public Frame frame() {
            return new Frame(Framing.SHORT, Command.LinkCheck.ANSWER_CODE, new byte[]{(byte) value});
        }
    }

    record RegisterWritten(long address, long value) implements Answer {
        public Frame frame() {
            return new Frame(Framing.SHORT, Command.WriteRegister.CODE, Payloads.u32s(address, value));
        }
    }

    record RegisterRead(long address, long value) implements Answer {
        public Frame frame() {
            return new Frame(Framing.SHORT, Command.ReadRegister.CODE, Payloads.u32s(address, value));
        }
    }

    /** The echo of SetBaudRate, which the chip sends at the new rate. */
    record BaudRateChanged(long baud, int delayMillis) implements Answer {
        public Frame frame() {
            return new Frame(Framing.SHORT, Command.SetBaudRate.CODE, Payloads.baud(baud, delayMillis));
        }
    }

    /** The chip's CRC: CRC-32 without the final inversion (see {@link ChipCrc}). */
    record CrcValue(long crc) implements Answer {
        public Frame frame() {
            return new Frame(Framing.SHORT, Command.CheckCrc.CODE, Payloads.u32s(crc));
        }

        @Override
        public String toString() {
            return "CrcValue[0x" + String.format("%08X", crc) + "]";
        }
    }

    record BootVersion(String text) implements Answer {
        public Frame frame() {
            return new Frame(Framing.SHORT, Command.ReadBootVersion.CODE, text.getBytes(StandardCharsets.US_ASCII));
        }
    }

    record StayingInRom(int value) implements Answer {
        public Frame frame() {
            return new Frame(Framing.SHORT, Command.StayRom.CODE, new byte[]{(byte) value});
        }
    }

    record FlashWritten(int status, long address, int count) implements Answer, WithStatus {
        public Frame frame() {
            byte[] payload = Payloads.statusAnd(status, Payloads.u32s(address), new byte[]{(byte) count});
            return new Frame(Framing.LONG, Command.FlashWrite.CODE, payload);
        }
    }

    record Flash4KWritten(int status, long address) implements Answer, WithStatus {
        public Frame frame() {
            return new Frame(Framing.LONG, Command.FlashWrite4K.CODE, Payloads.statusAnd(status, Payloads.u32s(address)));
        }
    }

    record FlashBlock(int status, long address, byte[] data) implements Answer, WithStatus {
        public FlashBlock {
            data = data.clone();
        }

        public byte[] data() {
            return data.clone();
        }

        public Frame frame() {
            return new Frame(Framing.LONG, Command.FlashRead4K.CODE, Payloads.statusAnd(status, Payloads.u32s(address), data));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof FlashBlock b && b.status == status && b.address == address && Arrays.equals(b.data, data);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(address) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "FlashBlock[status=" + status + ", address=0x" + Long.toHexString(address) + ", " + data.length + " bytes]";
        }
    }

    record FlashErasedAll(int status, int value) implements Answer, WithStatus {
        public Frame frame() {
            return new Frame(Framing.LONG, Command.FlashEraseAll.CODE, new byte[]{(byte) status, (byte) value});
        }
    }

    record Flash4KErased(int status, long address) implements Answer, WithStatus {
        public Frame frame() {
            return new Frame(Framing.LONG, Command.FlashErase4K.CODE, Payloads.statusAnd(status, Payloads.u32s(address)));
        }
    }

    record StatusRegisterRead(int status, int opcode, int value) implements Answer, WithStatus {
        public Frame frame() {
            return new Frame(Framing.LONG, Command.FlashReadStatus.CODE, new byte[]{(byte) status, (byte) opcode, (byte) value});
        }
    }

    /** @param value the one or two bytes written, low byte first, as one number */
    record StatusRegisterWritten(int status, int opcode, int value, int width) implements Answer, WithStatus {
        public Frame frame() {
            byte[] payload = width == 1
                    ? new byte[]{(byte) status, (byte) opcode, (byte) value}
                    : new byte[]{(byte) status, (byte) opcode, (byte) value, (byte) (value >>> 8)};
            return new Frame(Framing.LONG, Command.FlashWriteStatus.CODE, payload);
        }
    }

    /**
     * The SPI flash's JEDEC id. The ROM sends one filler byte before it (a known quirk: the answer is one
     * byte longer than the tools first expected).
     */
    record FlashId(int status, int filler, int manufacturer, int memoryType, int capacity) implements Answer, WithStatus {
        /** As the tools print it: manufacturer in the low byte, e.g. {@code EB 60 15} is 0x1560EB. */
        public int mid() {
            return capacity << 16 | memoryType << 8 | manufacturer;
        }

        /** Flash size from the capacity byte: 0x15 is 2 MiB. */
        public long sizeBytes() {
            return capacity >= 10 && capacity <= 30 ? 1L << capacity : 0;
        }

        public Frame frame() {
            return new Frame(Framing.LONG, Command.FlashGetMid.CODE,
                    new byte[]{(byte) status, (byte) filler, (byte) manufacturer, (byte) memoryType, (byte) capacity});
        }

        @Override
        public String toString() {
            return "FlashId[status=" + status + ", mid=0x" + HexFormat.of().withUpperCase().toHexDigits(mid()).substring(2) + "]";
        }
    }

    record FlashErased(int status, int sizeOpcode, long address) implements Answer, WithStatus {
        public Frame frame() {
            return new Frame(Framing.LONG, Command.FlashErase.CODE,
                    Payloads.statusAnd(status, new byte[]{(byte) sizeOpcode}, Payloads.u32s(address)));
        }
    }
}
