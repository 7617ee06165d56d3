package zmai.flasher.sim;

import zmai.flasher.protocol.WriteProtection;

/**
 * The SPI NOR part behind the chip: its JEDEC id, its status register (one or two bytes) and the block
 * protection that register sets. A protected erase or program is silently ignored, as a real part does;
 * the ROM still reports success.
 */
final class SpiFlash {

    static final int READ_SR_LOW = 0x05;
    static final int READ_SR_HIGH = 0x35;
    static final int READ_SR_THIRD = 0x15;
    static final int WRITE_SR = 0x01;
    static final int WRITE_SR_HIGH = 0x31;

    private final FlashMemory memory;
    private final int mid;
    private final int statusBytes;
    private int status;

    SpiFlash(FlashMemory memory, int mid, int statusBytes, int status) {
        if (statusBytes != 1 && statusBytes != 2) {
            throw new IllegalArgumentException("status register of 1 or 2 bytes, not " + statusBytes);
        }
        this.memory = memory;
        this.mid = mid;
        this.statusBytes = statusBytes;
        this.status = status & (statusBytes == 1 ? 0xFF : 0xFFFF);
    }

    FlashMemory memory() {
        return memory;
    }

    int mid() {
        return mid;
    }

    int status() {
        return status;
    }

    /** The byte a read-SR opcode returns; a byte the part does not have reads as 0. */
    int readStatus(int opcode) {
        if (opcode == READ_SR_LOW) {
            return status & 0xFF;
        }
        if (opcode == READ_SR_HIGH && statusBytes == 2) {
            return status >>> 8 & 0xFF;
        }
        return 0;
    }

    /** Applies a write-SR; {@code width} bytes of {@code value}, low byte first. Unknown opcodes do nothing. */
    void writeStatus(int opcode, int value, int width) {
        // WEL and WIP are volatile bits; the part never stores them
        int writable = 0xFFFC;
        if (opcode == WRITE_SR) {
            int next = width == 1 ? (status & 0xFF00) | (value & 0xFF) : value & 0xFFFF;
            status = (next & writable) & (statusBytes == 1 ? 0xFF : 0xFFFF);
        } else if (opcode == WRITE_SR_HIGH && statusBytes == 2) {
            status = (status & 0xFF) | (value & 0xFF) << 8;
        }
    }

    WriteProtection protection() {
        return WriteProtection.of(status, memory.size());
    }

    /** Erases the unit containing {@code address}; false (and nothing erased) when it is protected. */
    boolean erase(long address, int unit) {
        int start = memory.wrap(address) / unit * unit;
        if (protection().overlaps(start, unit)) {
            return false;
        }
        memory.erase(start, unit);
        return true;
    }

    boolean eraseAll() {
        // a chip erase is refused by the part while any block is protected
        if (!protection().isNone()) {
            return false;
        }
        memory.erase(0, memory.size());
        return true;
    }

    boolean program(long address, byte[] data) {
        int start = memory.wrap(address);
        if (overlapsWrapped(start, data.length)) {
            return false;
        }
        memory.program(start, data);
        return true;
    }

    private boolean overlapsWrapped(int start, int length) {
        WriteProtection p = protection();
        int first = Math.min(length, memory.size() - start);
        return p.overlaps(start, first) || (first < length && p.overlaps(0, length - first));
    }
}
