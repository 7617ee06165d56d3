package zmai.flasher.protocol;

/** An answer that does not fit its command: wrong code, wrong length, wrong echo. */
public final class ProtocolException extends Exception {

    public ProtocolException(String message) {
        super(message);
    }
}
