package zmai.core.topic;

import zmai.core.meter.DeviceTopic;

import java.util.List;
import java.util.Objects;

/**
 * What one MQTT message said. One message may carry several facts (a Tasmota {@code SENSOR} holds every
 * measurement and energy register).
 *
 * @param retained the broker replayed it from its store: a snapshot, not a fresh sample (spec §1.10.2)
 */
public record Inbound(DeviceTopic device, Dialect dialect, boolean retained, List<MeterMessage> messages) {

    public Inbound {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(dialect, "dialect");
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("an inbound message carries at least one fact");
        }
    }
}
