package zmai.fleet.ingest;

import java.time.Instant;

/** A message taken from the broker whose acknowledgement waits until its effect is durable. */
record PendingAck(long connection, int messageId, int qos, Instant receivedAt) {
}
