package zmai.core.history;

/** Why a line is refused; caught at the line boundary and turned into {@link LineResult.Refused}. */
final class LineRefusal extends Exception {

    LineRefusal(String message) {
        super(message, null, false, false);
    }
}
