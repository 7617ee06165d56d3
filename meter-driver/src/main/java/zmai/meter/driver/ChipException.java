package zmai.meter.driver;

/** The RN8209C could not be driven: silent, garbled, refusing writes or not an RN8209C at all. */
public final class ChipException extends Exception {

    /** Stable reason, for exit codes and tests. */
    public enum Kind {
        /** Not a single byte came back: wiring, framing or power. */
        NO_ANSWER,
        /** Answers came, but kept failing their length or checksum check. */
        BAD_ANSWERS,
        /** A written value did not read back. */
        WRITE_NOT_TAKEN,
        /** DeviceID is not 0x820900. */
        WRONG_DEVICE,
        /** SysStatus bit 4 did not follow the write-enable/write-protect command. */
        WRITE_ENABLE_FAILED,
        /** EMUStatus stayed busy. */
        CHECKSUM_BUSY
    }

    private final Kind kind;

    public ChipException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ChipException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
