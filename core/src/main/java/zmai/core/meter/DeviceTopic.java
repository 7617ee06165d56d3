package zmai.core.meter;

import zmai.core.Abbreviated;

/**
 * The topic root of a device. In OpenBeken the same string is also its MQTT client id, so two meters
 * configured with one topic knock each other off the broker.
 */
public record DeviceTopic(String value) {

    /** OpenBeken keeps the client topic in a 64-byte buffer. */
    public static final int MAX_LENGTH = 64;

    public DeviceTopic {
        String problem = problemWith(value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** OpenBeken's default: {@code obk} followed by the last four MAC bytes, e.g. {@code obk8C112233}. */
    public static DeviceTopic defaultFor(MacAddress mac) {
        return new DeviceTopic("obk" + mac.lastFourBytesUpperHex());
    }

    /** Why {@code candidate} cannot be a topic root, or null if it can. */
    public static String problemWith(String candidate) {
        if (candidate == null || candidate.isEmpty()) {
            return "device topic is empty";
        }
        if (candidate.length() > MAX_LENGTH) {
            return "device topic is longer than " + MAX_LENGTH + " characters: '" + Abbreviated.of(candidate) + "'";
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (c == '/' || c == '+' || c == '#' || c == '$' && i == 0 || Character.isISOControl(c)
                    || Character.isWhitespace(c)) {
                return "device topic contains '" + (Character.isISOControl(c) ? "\\u" + Integer.toHexString(c) : c)
                        + "': '" + Abbreviated.of(candidate) + "'";
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return value;
    }
}
