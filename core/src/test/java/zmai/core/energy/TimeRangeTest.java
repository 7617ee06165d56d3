package zmai.core.energy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeRangeTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @ParameterizedTest
    @CsvSource({
            "Europe/Berlin, 2026-03-29, 92",     // spring forward: 23 hours
            "Europe/Berlin, 2026-10-25, 100",    // fall back: 25 hours
            "Europe/Berlin, 2026-06-01, 96",
            "America/New_York, 2026-03-08, 92",
            "Asia/Kolkata, 2026-03-29, 96",      // +05:30, no DST: still whole quarter hours
            "Australia/Lord_Howe, 2026-04-05, 98", // half-hour DST shift: 24.5 hours
    })
    void dayHasTheRightNumberOfQuarterHours(String zone, LocalDate day, long buckets) {
        assertThat(TimeRange.of(day, ZoneId.of(zone)).quarterHourCount()).isEqualTo(buckets);
    }

    @Test
    void localMonthRunsFromLocalMidnightOfTheFirstToTheNextFirst() {
        TimeRange march = TimeRange.of(YearMonth.of(2026, 3), BERLIN);
        assertThat(march.start()).isEqualTo(Instant.parse("2026-02-28T23:00:00Z"));
        assertThat(march.end()).isEqualTo(Instant.parse("2026-03-31T22:00:00Z"));
        assertThat(march.quarterHourCount()).isEqualTo(31 * 96 - 4);
        assertThat(TimeRange.of(YearMonth.of(2026, 10), BERLIN).quarterHourCount()).isEqualTo(31 * 96 + 4);
    }

    @Test
    void halfHourZoneMonthStartsOnAQuarterHourBoundary() {
        TimeRange april = TimeRange.of(YearMonth.of(2026, 4), ZoneId.of("Asia/Kolkata"));
        assertThat(april.start()).isEqualTo(Instant.parse("2026-03-31T18:30:00Z"));
        assertThat(QuarterHours.bucketStart(april.start())).isEqualTo(april.start());
    }

    @Test
    void dayThatStartsAtOneBecauseDstBeginsAtMidnight() {
        // Chile moved clocks at local midnight: 2022-09-11 00:00 did not exist in America/Santiago
        TimeRange day = TimeRange.of(LocalDate.of(2022, 9, 11), ZoneId.of("America/Santiago"));
        assertThat(day.start()).isEqualTo(Instant.parse("2022-09-11T04:00:00Z"));
        assertThat(day.quarterHourCount()).isEqualTo(92);
    }

    @Test
    void yearIsTheTwelveMonthsBackToBack() {
        TimeRange year = TimeRange.of(Year.of(2026), BERLIN);
        assertThat(year.start()).isEqualTo(TimeRange.of(YearMonth.of(2026, 1), BERLIN).start());
        assertThat(year.end()).isEqualTo(TimeRange.of(YearMonth.of(2026, 12), BERLIN).end());
        assertThat(year.quarterHourCount()).isEqualTo(365 * 96);
    }

    @Test
    void halfOpenContainsAndIntersection() {
        TimeRange range = new TimeRange(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"));
        assertThat(range.contains(range.start())).isTrue();
        assertThat(range.contains(range.end())).isFalse();
        TimeRange later = new TimeRange(range.end(), range.end().plusSeconds(60));
        assertThat(range.intersection(later)).isEmpty();
        assertThatThrownBy(() -> new TimeRange(range.end(), range.start())).hasMessageContaining("before it starts");
    }
}
