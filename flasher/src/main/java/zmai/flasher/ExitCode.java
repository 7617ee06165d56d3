package zmai.flasher;

/** The process exit status of the flasher; scripts branch on these numbers, so they never change. */
public enum ExitCode {
    OK(0, "done"),
    INTERNAL(1, "internal error (a bug: please report it)"),
    USAGE(2, "bad usage"),
    VERIFY_MISMATCH(3, "verify mismatch: the flash does not hold the expected bytes"),
    /** The chip never answered: timeouts, wrong wiring, not in the bootloader. */
    NO_LINK(4, "no link: the chip did not answer"),
    PORT_UNAVAILABLE(5, "port unavailable"),
    /** An unsafe request: it would touch the bootloader, the image is for another chip, or it is corrupt. */
    REFUSED(6, "refused: unsafe request"),
    /** The chip answered, but wrongly: unprotect failed, bad status, wrong chip id. */
    CHIP_ERROR(7, "chip error: the chip answered wrongly");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    /** One line for the usage help, e.g. "4:no link: the chip did not answer". */
    public String meaning() {
        return meaning;
    }
}
