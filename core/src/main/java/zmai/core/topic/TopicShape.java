package zmai.core.topic;

/** Checks a received topic name before anything splits it. */
final class TopicShape {

    private TopicShape() {
    }

    /** Why {@code topic} cannot be a topic a meter published, or null if it can. */
    static String problemWith(String topic) {
        if (topic.isEmpty()) {
            return "topic is empty";
        }
        // count levels before anything else: a hostile topic may hold thousands of them
        long levels = topic.chars().filter(c -> c == '/').count() + 1;
        if (levels > TopicParser.MAX_TOPIC_LEVELS) {
            return "topic has " + levels + " levels, at most " + TopicParser.MAX_TOPIC_LEVELS + " expected";
        }
        if (topic.length() > TopicParser.MAX_TOPIC_LENGTH) {
            return "topic is " + topic.length() + " characters long, at most " + TopicParser.MAX_TOPIC_LENGTH
                    + " expected";
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c == '+' || c == '#') {
                return "topic contains the wildcard '" + c + "'; a published topic cannot";
            }
            if (Character.isISOControl(c)) {
                return "topic contains the control character \\u" + String.format("%04x", (int) c);
            }
            if (Character.isSurrogate(c) && !wellPairedAt(topic, i)) {
                return "topic contains an unpaired surrogate, so it is not valid UTF-8";
            }
            if (Character.isHighSurrogate(c)) {
                i++;
            }
        }
        if (topic.startsWith("/") || topic.endsWith("/") || topic.contains("//")) {
            return "topic has an empty level";
        }
        return null;
    }

    private static boolean wellPairedAt(String topic, int i) {
        return Character.isHighSurrogate(topic.charAt(i)) && i + 1 < topic.length()
                && Character.isLowSurrogate(topic.charAt(i + 1));
    }
}
