package zmai.flasher.ops;

/** One attempt at a flash step went wrong in a way a repeat may fix: a bad status, a CRC mismatch, a lost answer. */
public final class AttemptFailed extends Exception {

    private final boolean silentLine;

    public AttemptFailed(String message) {
        this(message, false);
    }

    /** @param silentLine nothing at all came back from the chip */
    public AttemptFailed(String message, boolean silentLine) {
        super(message, null, false, false);
        this.silentLine = silentLine;
    }

    public boolean silentLine() {
        return silentLine;
    }
}
