package zmai.core.firmware;

import zmai.core.Abbreviated;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Versions a rollout may select, written as space-separated bounds such as {@code >=1.17.0 <1.18.300}; a bare
 * version selects exactly that one. Comparison is {@link FirmwareVersion}'s numeric order.
 */
public record VersionRange(List<Bound> bounds) {

    public static final int MAX_LENGTH = 200;
    private static final Pattern BOUND = Pattern.compile("(<=|>=|<|>|=)?(.+)");

    public record Bound(String operator, FirmwareVersion version) {
        boolean admits(FirmwareVersion v) {
            int c = v.compareTo(version);
            IntPredicate test = switch (operator) {
                case "<" -> x -> x < 0;
                case "<=" -> x -> x <= 0;
                case ">" -> x -> x > 0;
                case ">=" -> x -> x >= 0;
                default -> x -> x == 0;
            };
            return test.test(c);
        }

        @Override
        public String toString() {
            return operator + version;
        }
    }

    public VersionRange {
        bounds = List.copyOf(bounds);
        if (bounds.isEmpty()) {
            throw new IllegalArgumentException("a version range needs at least one bound");
        }
    }

    public static VersionRange parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank() || text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a version range is 1.." + MAX_LENGTH + " characters, e.g. "
                    + "'>=1.17.0 <1.18.300', not '" + Abbreviated.of(text) + "'");
        }
        List<Bound> bounds = new ArrayList<>();
        for (String part : text.strip().split("\\s+")) {
            Matcher m = BOUND.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a version bound: '" + Abbreviated.of(part) + "'");
            }
            String operator = m.group(1) == null ? "=" : m.group(1);
            try {
                bounds.add(new Bound(operator, FirmwareVersion.parse(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a version bound: '" + Abbreviated.of(part) + "': "
                        + e.getMessage());
            }
        }
        return new VersionRange(bounds);
    }

    public boolean admits(FirmwareVersion version) {
        return bounds.stream().allMatch(b -> b.admits(version));
    }

    @Override
    public String toString() {
        return String.join(" ", bounds.stream().map(Bound::toString).toList());
    }
}
