package zmai.flasher.protocol;

/** The erase units the ROM offers, named by their SPI NOR opcodes. */
public enum EraseSize {
    SECTOR_4K(0x20, FlashGeometry.SECTOR),
    BLOCK_64K(0xD8, FlashGeometry.BLOCK);

    private final int opcode;
    private final int bytes;

    EraseSize(int opcode, int bytes) {
        this.opcode = opcode;
        this.bytes = bytes;
    }

    public int opcode() {
        return opcode;
    }

    public int bytes() {
        return bytes;
    }

    public static EraseSize fromOpcode(int opcode) {
        for (EraseSize size : values()) {
            if (size.opcode == opcode) {
                return size;
            }
        }
        throw new IllegalArgumentException("unknown erase size opcode 0x" + Integer.toHexString(opcode));
    }
}
