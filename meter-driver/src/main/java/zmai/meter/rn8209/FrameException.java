package zmai.meter.rn8209;

/** An answer from the chip that cannot be trusted: wrong length or wrong checksum. */
public final class FrameException extends Exception {

    public FrameException(String message) {
        super(message);
    }
}
