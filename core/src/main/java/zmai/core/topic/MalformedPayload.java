package zmai.core.topic;

/** Thrown inside the parser when a payload or topic cannot be read; becomes a {@link ParseResult.Rejected}. */
final class MalformedPayload extends Exception {

    MalformedPayload(String reason) {
        // the reason is the whole story; a stack trace per bad message would only cost time
        super(reason, null, false, false);
    }
}
