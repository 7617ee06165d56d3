package zmai.fleet.ota;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One range of an HTTP {@code Range: bytes=...} header, resolved against the image size; ends are inclusive. */
record ByteRange(long first, long last) {

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

    /** Signals a range that lies outside the image: 416. */
    static final class Unsatisfiable extends Exception {
        Unsatisfiable() {
            super(null, null, false, false);
        }
    }

    long length() {
        return last - first + 1;
    }

    /**
     * The range asked for; empty for no header, or for a form this server does not split (several ranges), which
     * is then answered with the whole image as HTTP allows.
     */
    static Optional<ByteRange> parse(String header, long size) throws Unsatisfiable {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header.strip());
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            return Optional.empty();
        }
        long first;
        long last;
        if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            first = Math.max(0, size - suffix);
            last = size - 1;
            if (suffix == 0) {
                throw new Unsatisfiable();
            }
        } else {
            first = Long.parseLong(m.group(1));
            last = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
        }
        if (first >= size || last < first) {
            throw new Unsatisfiable();
        }
        return Optional.of(new ByteRange(first, last));
    }
}
