package zmai.meter.virtual;

import zmai.core.topic.MeterMessage;
import zmai.core.topic.ParseResult;
import zmai.core.topic.TopicParser;

/**
 * Counts the energy-counter readings in a publication the way a server reading it with {@code core} would, so a
 * load test can compare what it sent with what the server stored, reading for reading.
 */
final class EnergyReadings {

    private EnergyReadings() {
    }

    /** Readings of any register (total, today, yesterday, ...) in a message sent not retained. */
    static int in(String topic, byte[] payload) {
        ParseResult result = TopicParser.parse(topic, payload, false);
        if (!(result instanceof ParseResult.Accepted accepted)) {
            return 0;
        }
        int n = 0;
        for (MeterMessage m : accepted.inbound().messages()) {
            if (m instanceof MeterMessage.EnergyCounterReading) {
                n++;
            }
        }
        return n;
    }
}
