package zmai.core.energy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/** A half-open interval of instants, {@code [start, end)}. */
public record TimeRange(Instant start, Instant end) {

    public TimeRange {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("range ends at " + end + " before it starts at " + start);
        }
    }

    /** From local midnight of the 1st to local midnight of the next 1st in {@code zone}. */
    public static TimeRange of(YearMonth month, ZoneId zone) {
        return between(month.atDay(1), month.plusMonths(1).atDay(1), zone);
    }

    public static TimeRange of(LocalDate day, ZoneId zone) {
        return between(day, day.plusDays(1), zone);
    }

    public static TimeRange of(Year year, ZoneId zone) {
        return between(year.atDay(1), year.plusYears(1).atDay(1), zone);
    }

    private static TimeRange between(LocalDate first, LocalDate next, ZoneId zone) {
        // atStartOfDay, not atTime(MIDNIGHT): where DST starts at midnight the day begins at 01:00
        return new TimeRange(first.atStartOfDay(zone).toInstant(), next.atStartOfDay(zone).toInstant());
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }

    public Duration length() {
        return Duration.between(start, end);
    }

    public boolean isEmpty() {
        return start.equals(end);
    }

    /** How many 15-minute buckets start inside this range: 96 on an ordinary day, 92 or 100 on DST days. */
    public long quarterHourCount() {
        Instant first = QuarterHours.bucketStart(start);
        if (first.isBefore(start)) {
            first = first.plus(QuarterHours.LENGTH);
        }
        if (!first.isBefore(end)) {
            return 0;
        }
        return (Duration.between(first, end).toNanos() - 1) / QuarterHours.LENGTH.toNanos() + 1;
    }

    /** The part of this range that also lies in {@code other}, if any. */
    public Optional<TimeRange> intersection(TimeRange other) {
        Instant from = start.isAfter(other.start) ? start : other.start;
        Instant to = end.isBefore(other.end) ? end : other.end;
        return from.isBefore(to) ? Optional.of(new TimeRange(from, to)) : Optional.empty();
    }
}
