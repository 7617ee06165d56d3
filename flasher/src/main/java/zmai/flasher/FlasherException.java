package zmai.flasher;

import java.util.Objects;

/**
 * A failure the user can act on. The message is written for them: what happened and what to do next;
 * the command line prints it without a stack trace and exits with {@link #exitCode()}.
 */
public class FlasherException extends Exception {

    private final ExitCode exitCode;

    public FlasherException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = requireFailure(exitCode);
    }

    public FlasherException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = requireFailure(exitCode);
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    private static ExitCode requireFailure(ExitCode code) {
        if (Objects.requireNonNull(code, "exitCode") == ExitCode.OK) {
            throw new IllegalArgumentException("a FlasherException cannot exit with OK");
        }
        return code;
    }
}
