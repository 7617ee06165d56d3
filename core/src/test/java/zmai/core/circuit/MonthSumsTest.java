package zmai.core.circuit;

import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import zmai.core.energy.QuarterHours;
import zmai.core.energy.TimeRange;

import static org.assertj.core.api.Assertions.assertThat;

/** Month sums: twelve months make the year, and a site's circuits make the site. */
class MonthSumsTest {

    private static final int YEAR = 2026;

    @Provide
    Arbitrary<ZoneId> zones() {
        // DST north and south, a half-hour zone, a 45-minute zone, a half-hour DST shift
        return Arbitraries.of("UTC", "Europe/Berlin", "America/New_York", "Australia/Adelaide", "Asia/Kolkata",
                "Asia/Kathmandu", "Australia/Lord_Howe", "America/Santiago").map(ZoneId::of);
    }

    /** Sparse quarter-hour energy for one meter, spread over the year and a little beyond it. */
    @Provide
    Arbitrary<SortedMap<Instant, Long>> buckets() {
        Instant from = Instant.parse((YEAR - 1) + "-12-30T00:00:00Z");
        long quarterHours = Duration.ofDays(368).toMinutes() / 15;
        return Arbitraries.maps(Arbitraries.longs().between(0, quarterHours).map(i -> from.plus(QuarterHours.LENGTH.multipliedBy(i))),
                        Arbitraries.longs().between(0, 5_000_000))
                .ofMaxSize(300).map(TreeMap::new);
    }

    @Property(tries = 200)
    void twelveMonthsSumToTheYear(@ForAll("zones") ZoneId zone, @ForAll("buckets") SortedMap<Instant, Long> meter,
                                  @ForAll @IntRange(min = 0, max = 367) int swapDay) {
        Circuit circuit = new Circuit("c", "rack", zone);
        Instant swap = Instant.parse((YEAR - 1) + "-12-30T00:00:00Z").plus(Duration.ofDays(swapDay)).plusSeconds(420);
        AssignmentPlan plan = AssignmentPlan.of(List.of(Assignment.between("a", "c", Instant.EPOCH, swap),
                Assignment.openEnded("b", "c", swap.plus(Duration.ofHours(3)))));
        Map<String, SortedMap<Instant, Long>> meters = Map.of("a", meter, "b", meter);

        long months = 0;
        List<TimeRange> unmetered = new ArrayList<>();
        for (int m = 1; m <= 12; m++) {
            CircuitEnergy month = CircuitEnergy.ofMonth(circuit, YearMonth.of(YEAR, m), plan, meters);
            months += month.energyMwh();
            unmetered.addAll(month.unmetered());
        }
        CircuitEnergy year = CircuitEnergy.of(circuit, TimeRange.of(Year.of(YEAR), zone), plan, meters);

        assertThat(months).isEqualTo(year.energyMwh()).isEqualTo(independentSum(meters, plan, "c", TimeRange.of(Year.of(YEAR), zone)));
        assertThat(unmetered.stream().map(TimeRange::length).reduce(Duration.ZERO, Duration::plus))
                .isEqualTo(year.unmetered().stream().map(TimeRange::length).reduce(Duration.ZERO, Duration::plus));
    }

    @Property(tries = 200)
    void circuitsOfASiteSumToTheSiteTotal(@ForAll("zones") ZoneId zone,
                                          @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 3) Integer> circuitOfMeter,
                                          @ForAll("buckets") SortedMap<Instant, Long> energy,
                                          @ForAll @IntRange(min = 1, max = 12) int month) {
        Map<String, SortedMap<Instant, Long>> meters = new HashMap<>();
        List<Assignment> assignments = new ArrayList<>();
        for (int m = 0; m < circuitOfMeter.size(); m++) {
            // each meter moves once, mid-year, to the next circuit
            Instant moved = Instant.parse(YEAR + "-0" + (1 + m % 9) + "-15T10:00:00Z");
            assignments.add(Assignment.between("m" + m, "c" + circuitOfMeter.get(m), Instant.EPOCH, moved));
            assignments.add(Assignment.openEnded("m" + m, "c" + (circuitOfMeter.get(m) + 1) % 4, moved));
            SortedMap<Instant, Long> shifted = new TreeMap<>();
            long offset = m * 7L;
            energy.forEach((t, v) -> shifted.put(t.plus(QuarterHours.LENGTH.multipliedBy(offset)), v + offset));
            meters.put("m" + m, shifted);
        }
        AssignmentPlan plan = AssignmentPlan.of(assignments);
        TimeRange range = TimeRange.of(YearMonth.of(YEAR, month), zone);

        long circuits = 0;
        for (int c = 0; c < 4; c++) {
            circuits += CircuitEnergy.of(new Circuit("c" + c, "circuit " + c, zone), range, plan, meters).energyMwh();
        }
        // the site: every bucket in the month of every meter that measured any circuit at the bucket's start
        long site = 0;
        for (var meter : meters.entrySet()) {
            for (var bucket : meter.getValue().subMap(range.start(), range.end()).entrySet()) {
                if (plan.circuitOf(meter.getKey(), bucket.getKey()).isPresent()) {
                    site += bucket.getValue();
                }
            }
        }
        assertThat(circuits).isEqualTo(site);
    }

    /** The definition, written out bucket by bucket: bucket start in range, meter assigned at that start. */
    private static long independentSum(Map<String, SortedMap<Instant, Long>> meters, AssignmentPlan plan,
                                       String circuitId, TimeRange range) {
        long sum = 0;
        for (var meter : meters.entrySet()) {
            for (var bucket : meter.getValue().entrySet()) {
                if (range.contains(bucket.getKey())
                        && plan.circuitOf(meter.getKey(), bucket.getKey()).filter(circuitId::equals).isPresent()) {
                    sum += bucket.getValue();
                }
            }
        }
        return sum;
    }
}
