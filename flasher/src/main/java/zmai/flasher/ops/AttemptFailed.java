package zmai.flasher.ops;

/** One attempt at a flash step went wrong in a way a repeat may fix: a bad status, a CRC mismatch. */
public final class AttemptFailed extends Exception {

    public AttemptFailed(String message) {
        super(message, null, false, false);
    }
}
