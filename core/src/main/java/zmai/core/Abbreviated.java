package zmai.core;

/** Shortens untrusted text before it goes into an error message or a log line. */
public final class Abbreviated {

    private static final int LIMIT = 80;

    private Abbreviated() {
    }

    public static String of(String text) {
        if (text == null) {
            return "null";
        }
        String visible = text.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .limit(LIMIT + 1L)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return visible.length() > LIMIT ? visible.substring(0, LIMIT) + "…(" + text.length() + " chars)" : visible;
    }
}
