package zmai.core.firmware;

import zmai.core.Abbreviated;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A release number such as {@code 1.18.288}, optionally followed by a custom suffix as in {@code 1.18.288_zmai},
 * {@code 1.17.551-beta} or Tasmota's {@code 14.3.0(tasmota)}. The suffix keeps its separator so that
 * {@link #toString()} gives back the text.
 * <p>
 * Ordering is numeric part by part (so {@code 1.18.288 > 1.18.29}); a missing trailing part counts as 0; the
 * suffix only breaks ties, no suffix first. {@code 1.18} and {@code 1.18.0} are the same release number but are
 * not equal, so the shorter sorts first: that keeps the order consistent with {@code equals}.
 */
public record FirmwareVersion(List<Integer> parts, Optional<String> suffix) implements Comparable<FirmwareVersion> {

    public static final int MAX_LENGTH = 64;
    public static final int MAX_PARTS = 6;

    // parts of at most 9 digits always fit an int
    private static final Pattern SHAPE = Pattern.compile(
            "(\\d{1,9}(?:\\.\\d{1,9}){0,5})([-_+~][A-Za-z0-9._+~-]{1,40}|\\([A-Za-z0-9._+~-]{1,40}\\))?");
    private static final Pattern SUFFIX = Pattern.compile("[-_+~][A-Za-z0-9._+~-]{1,40}|\\([A-Za-z0-9._+~-]{1,40}\\)");

    private static final Comparator<Optional<String>> SUFFIX_ORDER =
            Comparator.comparing(s -> s.orElse(null), Comparator.nullsFirst(Comparator.naturalOrder()));

    public FirmwareVersion {
        Objects.requireNonNull(parts, "parts");
        Objects.requireNonNull(suffix, "suffix");
        parts = List.copyOf(parts);
        if (parts.isEmpty() || parts.size() > MAX_PARTS) {
            throw new IllegalArgumentException("a firmware version has 1 to " + MAX_PARTS + " parts, not " + parts.size());
        }
        if (parts.stream().anyMatch(p -> p < 0)) {
            throw new IllegalArgumentException("firmware version parts cannot be negative: " + parts);
        }
        suffix.ifPresent(s -> {
            if (!SUFFIX.matcher(s).matches()) {
                throw new IllegalArgumentException("not a version suffix: '" + Abbreviated.of(s) + "'");
            }
        });
    }

    public static FirmwareVersion of(int... parts) {
        List<Integer> list = new ArrayList<>();
        for (int p : parts) {
            list.add(p);
        }
        return new FirmwareVersion(list, Optional.empty());
    }

    /** Parses {@code 1.18.288}, {@code 1.18.288_zmai}, {@code 9.0.0.2(sonoff)}; throws with the reason otherwise. */
    public static FirmwareVersion parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("firmware version is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("firmware version is longer than " + MAX_LENGTH + " characters: '"
                    + Abbreviated.of(text) + "'");
        }
        Matcher m = SHAPE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a firmware version (digits separated by dots, then an optional"
                    + " suffix): '" + Abbreviated.of(text) + "'");
        }
        List<Integer> parts = new ArrayList<>();
        for (String part : m.group(1).split("\\.")) {
            parts.add(Integer.parseInt(part));
        }
        return new FirmwareVersion(parts, Optional.ofNullable(m.group(2)));
    }

    /** Release number only, ignoring the suffix; trailing zeros do not matter. */
    public boolean sameNumberAs(FirmwareVersion other) {
        return compareNumbers(this, other) == 0;
    }

    @Override
    public int compareTo(FirmwareVersion other) {
        int byNumber = compareNumbers(this, other);
        if (byNumber != 0) {
            return byNumber;
        }
        int bySuffix = SUFFIX_ORDER.compare(suffix, other.suffix);
        return bySuffix != 0 ? bySuffix : Integer.compare(parts.size(), other.parts.size());
    }

    private static int compareNumbers(FirmwareVersion a, FirmwareVersion b) {
        int length = Math.max(a.parts.size(), b.parts.size());
        for (int i = 0; i < length; i++) {
            int difference = Integer.compare(a.partOrZero(i), b.partOrZero(i));
            if (difference != 0) {
                return difference;
            }
        }
        return 0;
    }

    private int partOrZero(int index) {
        return index < parts.size() ? parts.get(index) : 0;
    }

    @Override
    public String toString() {
        return parts.stream().map(String::valueOf).collect(Collectors.joining(".")) + suffix.orElse("");
    }
}
