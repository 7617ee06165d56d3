package zmai.fleet.embedded;

/** A launch setting that makes the embedded defaults impossible; the message names the setting to change. */
public final class EmbeddedSettingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EmbeddedSettingException(String message) {
        super(message);
    }

    public EmbeddedSettingException(String message, Throwable cause) {
        super(message, cause);
    }
}
