package zmai.meter.virtual;

import java.util.Objects;

/** One MQTT message a virtual meter wants sent, exactly as OpenBeken would send it. */
public record Publication(String topic, String payload, int qos, boolean retained) {
    public Publication {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("QoS is 0, 1 or 2, not " + qos);
        }
    }
}
