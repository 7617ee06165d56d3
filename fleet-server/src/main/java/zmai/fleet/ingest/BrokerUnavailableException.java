package zmai.fleet.ingest;

/** A command could not be handed to the broker; the API answers 503. */
public class BrokerUnavailableException extends RuntimeException {
    public BrokerUnavailableException(String message) {
        super(message);
    }
}
