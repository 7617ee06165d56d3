package zmai.core.energy;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QuarterHoursTest {

    private static final Instant NOON = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void bucketStartsAtTheQuarterHourInUtc() {
        assertThat(QuarterHours.bucketStart(Instant.parse("2026-03-01T12:14:59.999Z"))).isEqualTo(NOON);
        assertThat(QuarterHours.bucketStart(Instant.parse("1969-12-31T23:59:59Z")))
                .isEqualTo(Instant.parse("1969-12-31T23:45:00Z"));
    }

    @Test
    void splitsLinearlyInTime() {
        // 10:00:00 → 10:30:00 exactly two buckets of 50 Wh; 12:10 → 12:40 is 5/30, 15/30, 10/30
        List<QuarterHours.Share> shares = QuarterHours.split(30_000, NOON.plusSeconds(600), NOON.plusSeconds(2_400));
        assertThat(shares).containsExactly(
                new QuarterHours.Share(NOON, 5_000),
                new QuarterHours.Share(NOON.plusSeconds(900), 15_000),
                new QuarterHours.Share(NOON.plusSeconds(1_800), 10_000));
    }

    @Test
    void leftOverMilliWattHoursFallWhereTheRunningTotalCrossesAWholeMilliWattHour() {
        // 10 mWh over three equal buckets: running totals 3.33, 6.67, 10 round down to 3, 6, 10
        List<QuarterHours.Share> shares = QuarterHours.split(10, NOON, NOON.plus(Duration.ofMinutes(45)));
        assertThat(shares).extracting(QuarterHours.Share::mwh).containsExactly(3L, 3L, 4L);
    }

    @Test
    void aLongSpreadGivesEachMonthItsExactShare() {
        // 61 kWh over March and April (61 days): 31 kWh and 30 kWh, not a mWh more or less
        Instant march = Instant.parse("2026-03-01T00:00:00Z");
        Instant april = Instant.parse("2026-04-01T00:00:00Z");
        List<QuarterHours.Share> shares = QuarterHours.split(61_000_000, march, Instant.parse("2026-05-01T00:00:00Z"));
        assertThat(shares.stream().filter(s -> s.start().isBefore(april)).mapToLong(QuarterHours.Share::mwh).sum())
                .isEqualTo(31_000_000);
    }

    @Test
    void anEmptyIntervalPutsEverythingInTheBucketOfItsEnd() {
        assertThat(QuarterHours.split(7, NOON.plusSeconds(1000), NOON.plusSeconds(1000)))
                .containsExactly(new QuarterHours.Share(NOON.plusSeconds(900), 7));
    }

    @Property
    void partsSumExactlyAndEachIsWithinOneOfItsExactShare(
            @ForAll @LongRange(min = 0, max = 4_000_000_000_000L) long mwh,
            @ForAll @LongRange(min = -2_000_000_000L, max = 2_000_000_000L) long fromSecond,
            @ForAll @LongRange(min = 0, max = 999_999_999) long fromNanos,
            @ForAll @LongRange(min = 1, max = 90L * 24 * 3600 * 1000) long lengthMillis) {
        Instant from = Instant.ofEpochSecond(fromSecond, fromNanos);
        Instant to = from.plusMillis(lengthMillis);
        List<QuarterHours.Share> shares = QuarterHours.split(mwh, from, to);

        assertThat(shares.stream().mapToLong(QuarterHours.Share::mwh).sum()).isEqualTo(mwh);
        BigInteger span = BigInteger.valueOf(Duration.between(from, to).toNanos());
        for (QuarterHours.Share share : shares) {
            Instant start = share.start().isBefore(from) ? from : share.start();
            Instant end = share.start().plus(QuarterHours.LENGTH).isAfter(to) ? to : share.start().plus(QuarterHours.LENGTH);
            BigInteger exactFloor = BigInteger.valueOf(mwh)
                    .multiply(BigInteger.valueOf(Duration.between(start, end).toNanos())).divide(span);
            assertThat(share.mwh() - exactFloor.longValueExact()).isBetween(0L, 1L);
            assertThat(share.start()).isEqualTo(QuarterHours.bucketStart(share.start()));
        }
    }
}
