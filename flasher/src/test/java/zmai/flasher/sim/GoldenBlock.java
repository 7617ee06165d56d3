package zmai.flasher.sim;

/** The 4 KiB block {@code 00 01 … FF} × 16 of spec §4.4, whose chip CRC is 0x5D6EDF7D. */
final class GoldenBlock {

    private GoldenBlock() {
    }

    static byte[] block() {
        byte[] block = new byte[4096];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) i;
        }
        return block;
    }
}
