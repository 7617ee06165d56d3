package zmai.flasher.sim;

/**
 * An erase or program that would have touched the bootloader region [0, 0x11000); the simulator refuses it
 * (test-harness policy, not chip behaviour) and keeps this record.
 *
 * @param operation what was asked, e.g. "FlashErase 64K"
 * @param address   the first byte it would have touched, after the address wrap
 * @param length    how many bytes it would have touched
 */
public record BootloaderViolation(String operation, long address, long length) {

    @Override
    public String toString() {
        return String.format("%s at 0x%06X (+0x%X)", operation, address, length);
    }
}
