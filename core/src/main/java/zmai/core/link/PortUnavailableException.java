package zmai.core.link;

import java.io.IOException;

/** The port would not open or the bridge would not accept a connection; nothing reached the chip. */
public class PortUnavailableException extends IOException {

    public PortUnavailableException(String message) {
        super(message);
    }

    public PortUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
