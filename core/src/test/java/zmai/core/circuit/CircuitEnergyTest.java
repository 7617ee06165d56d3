package zmai.core.circuit;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import zmai.core.energy.Accounting;
import zmai.core.energy.AccountingPolicy;
import zmai.core.energy.CounterReading;
import zmai.core.energy.TimeRange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CircuitEnergyTest {

    private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");
    private static final Circuit SERVER_07 = new Circuit("c7", "waw/rack-a/pdu-2/srv-07", WARSAW);
    private static final AccountingPolicy TENTH_KWH = AccountingPolicy.forQuantum(100_000);

    /** A 0.1 kWh meter drawing exactly 400 W: one step every 15 minutes. */
    private static SortedMap<Instant, Long> steadyMeter(long firstCount, Instant from, Instant to) {
        List<CounterReading> readings = new ArrayList<>();
        long count = firstCount;
        for (Instant t = from; !t.isAfter(to); t = t.plus(Duration.ofMinutes(15))) {
            readings.add(CounterReading.of(t, count++ * 100_000));
        }
        return Accounting.of(TENTH_KWH, readings).quarterHours();
    }

    @Test
    void meterSwapCountsBothMetersAndReportsTheGapAsUnmetered() {
        Instant removed = Instant.parse("2026-03-10T12:00:00Z");
        Instant installed = Instant.parse("2026-03-10T14:00:00Z");
        TimeRange march = TimeRange.of(YearMonth.of(2026, 3), WARSAW);
        // the old meter ran all month before its removal; the new one starts at 1234.5 kWh
        SortedMap<Instant, Long> old = steadyMeter(20_000, march.start(), removed);
        SortedMap<Instant, Long> fresh = steadyMeter(12_345, installed, march.end());
        AssignmentPlan plan = AssignmentPlan.of(List.of(
                Assignment.between("old", "c7", Instant.parse("2025-01-01T00:00:00Z"), removed),
                Assignment.openEnded("new", "c7", installed)));

        CircuitEnergy energy = CircuitEnergy.ofMonth(SERVER_07, YearMonth.of(2026, 3), plan,
                Map.of("old", old, "new", fresh));

        long quarterHoursMetered = march.quarterHourCount() - 8;
        assertThat(energy.energyMwh()).isEqualTo(quarterHoursMetered * 100_000);
        assertThat(energy.unmetered()).containsExactly(new TimeRange(removed, installed));
    }

    @Test
    void aBucketBelongsToTheMeterAssignedAtItsStart() {
        Instant swap = Instant.parse("2026-03-10T12:07:00Z");
        Instant bucket = Instant.parse("2026-03-10T12:00:00Z");
        AssignmentPlan plan = AssignmentPlan.of(List.of(
                Assignment.between("old", "c7", Instant.parse("2026-03-01T00:00:00Z"), swap),
                Assignment.openEnded("new", "c7", swap)));
        CircuitEnergy energy = CircuitEnergy.of(SERVER_07, new TimeRange(bucket, bucket.plusSeconds(900)), plan,
                Map.of("old", new TreeMap<>(Map.of(bucket, 7L)),
                        "new", new TreeMap<>(Map.of(bucket, 1_000L))));
        assertThat(energy.energyMwh()).isEqualTo(7);
        assertThat(energy.unmetered()).isEmpty();
    }

    @Test
    void overlappingAssignmentsOfOneMeterAreRefused() {
        AssignmentPlan plan = AssignmentPlan.empty()
                .with(Assignment.openEnded("m1", "c7", Instant.parse("2026-01-01T00:00:00Z")));
        assertThatThrownBy(() -> plan.with(Assignment.between("m1", "c8", Instant.parse("2026-02-01T00:00:00Z"),
                Instant.parse("2026-03-01T00:00:00Z"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("meter m1 is already assigned to circuit c7");
        // back to back is fine: ranges are half-open
        assertThat(AssignmentPlan.empty()
                .with(Assignment.between("m1", "c7", Instant.EPOCH, Instant.parse("2026-01-01T00:00:00Z")))
                .with(Assignment.openEnded("m1", "c8", Instant.parse("2026-01-01T00:00:00Z"))).all()).hasSize(2);
    }

    @Test
    void twoMetersMayMeasureOneCircuitTogether() {
        Instant start = Instant.parse("2026-03-02T00:00:00Z");
        AssignmentPlan plan = AssignmentPlan.of(List.of(Assignment.openEnded("l1", "c7", start),
                Assignment.openEnded("l2", "c7", start)));
        CircuitEnergy energy = CircuitEnergy.of(SERVER_07, new TimeRange(start, start.plusSeconds(900)), plan,
                Map.of("l1", new TreeMap<>(Map.of(start, 5L)), "l2", new TreeMap<>(Map.of(start, 6L))));
        assertThat(energy.energyMwh()).isEqualTo(11);
    }

    @Test
    void anEndBeforeTheStartIsRefused() {
        Instant t = Instant.parse("2026-03-02T00:00:00Z");
        assertThatThrownBy(() -> Assignment.between("m", "c", t, t)).hasMessageContaining("not after its start");
    }
}
