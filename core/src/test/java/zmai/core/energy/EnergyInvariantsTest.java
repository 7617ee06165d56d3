package zmai.core.energy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import zmai.core.energy.AccountingEvent.Kind;
import zmai.core.energy.SimulatedMeter.BootEvidence;
import zmai.core.energy.SimulatedMeter.Event;
import zmai.core.energy.SimulatedMeter.Step;

import static org.assertj.core.api.Assertions.assertThat;

/** The invariants of the energy-accounting spec (section 5), as properties over simulated meters. */
class EnergyInvariantsTest {

    private static final long[] QUANTA = {1, 1_000, 100_000};

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Long> seconds = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.longs().between(2, 900)),
                Tuple.of(3, Arbitraries.longs().between(900, 3 * 86_400)),
                Tuple.of(1, Arbitraries.longs().between(20 * 86_400, 40 * 86_400)));
        Arbitrary<Long> watts = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(0L)),
                Tuple.of(6, Arbitraries.longs().between(1, 3_000)),
                Tuple.of(1, Arbitraries.longs().between(3_000, 13_000)));
        Arbitrary<Event> events = Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.just(Event.NONE)),
                Tuple.of(2, Arbitraries.just(Event.REBOOT)),
                Tuple.of(1, Arbitraries.just(Event.LOW_GLITCH)),
                Tuple.of(1, Arbitraries.just(Event.HIGH_GLITCH)),
                Tuple.of(1, Arbitraries.just(Event.DUPLICATE)),
                Tuple.of(1, Arbitraries.just(Event.STRIPPED_DUPLICATE)));
        Arbitrary<Long> rewinds = Arbitraries.longs().between(0, AccountingPolicy.MIN_REWIND_TOLERANCE_MWH);
        return Combinators.combine(seconds, watts, events, rewinds).as(Step::new).list().ofMaxSize(60);
    }

    private static SimulatedMeter simulate(int quantumIndex, long initialMwh, BootEvidence evidence, List<Step> steps) {
        return SimulatedMeter.run(QUANTA[quantumIndex], initialMwh, evidence, steps);
    }

    private static Collection<CounterReading> distinctInDeviceOrder(List<CounterReading> arrivals) {
        CounterLedger ledger = new CounterLedger();
        arrivals.forEach(ledger::add);
        return ledger.readings();
    }

    private static Accounting account(int quantumIndex, List<CounterReading> arrivals) {
        return Accounting.of(AccountingPolicy.forQuantum(QUANTA[quantumIndex]), distinctInDeviceOrder(arrivals));
    }

    @Property
    void noiseNeitherCreatesNorLosesEnergy(@ForAll("steps") List<Step> steps, @ForAll @IntRange(max = 2) int quantum,
                                           @ForAll @LongRange(max = 1_000_000_000_000L) long initial,
                                           @ForAll BootEvidence evidence, @ForAll long shuffleSeed) {
        SimulatedMeter meter = simulate(quantum, initial, evidence, steps);
        List<CounterReading> arrivals = meter.all();
        Collections.shuffle(arrivals, new Random(shuffleSeed));

        Accounting accounting = account(quantum, arrivals);

        assertThat(accounting.totalMwh()).isEqualTo(meter.expectedMwh);
        assertThat(accounting.eventsOf(Kind.GLITCH_DISCARDED)).hasSize(meter.glitches);
        assertThat(accounting.eventsOf(Kind.CATCH_UP)).isEmpty();
    }

    @Property
    void conservationPerEpoch(@ForAll("steps") List<Step> steps, @ForAll @IntRange(max = 2) int quantum,
                              @ForAll @LongRange(max = 1_000_000_000_000L) long initial,
                              @ForAll BootEvidence evidence) {
        Accounting accounting = account(quantum, simulate(quantum, initial, evidence, steps).all());

        Map<Integer, Long> baseline = new TreeMap<>();
        Map<Integer, Long> lastAccepted = new TreeMap<>();
        Map<Integer, Long> bucketed = new TreeMap<>();
        for (AccountingEvent e : accounting.events()) {
            switch (e.kind()) {
                case BASELINE, REWIND, RESET -> {
                    baseline.put(e.epoch(), e.toMwh());
                    lastAccepted.put(e.epoch(), e.toMwh());
                }
                case ACCEPTED, CATCH_UP -> lastAccepted.put(e.epoch(), e.toMwh());
                default -> { }
            }
            e.allocation().forEach(s -> bucketed.merge(e.epoch(), s.mwh(), Long::sum));
        }
        for (int epoch : baseline.keySet()) {
            long movement = lastAccepted.get(epoch) - baseline.get(epoch);
            assertThat(bucketed.getOrDefault(epoch, 0L)).as("epoch %d", epoch).isEqualTo(movement);
            assertThat(accounting.energyByEpoch().get(epoch)).isEqualTo(movement);
        }
        assertThat(accounting.quarterHours().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(accounting.totalMwh());
    }

    @Property
    void noCreationFromArbitraryValues(@ForAll @Size(max = 40) List<@LongRange(max = 5_000_000) Long> values,
                                       @ForAll @Size(max = 40) List<@LongRange(min = 1, max = 200_000) Long> gaps,
                                       @ForAll @IntRange(max = 2) int quantum) {
        // whatever a broken device sends, without a proven reset: never more than the sum of its rises
        List<CounterReading> readings = new ArrayList<>();
        var at = SimulatedMeter.START;
        long rises = 0;
        for (int i = 0; i < values.size(); i++) {
            at = at.plusSeconds(i < gaps.size() ? gaps.get(i) : 60);
            readings.add(CounterReading.of(at, values.get(i)).withBootCount(values.get(i) % 3));
            if (i > 0) {
                rises += Math.max(0, values.get(i) - values.get(i - 1));
            }
        }
        Accounting accounting = account(quantum, readings);
        assertThat(accounting.totalMwh()).isBetween(0L, rises);
        assertThat(accounting.eventsOf(Kind.RESET)).isEmpty();
    }

    @Property
    void aProvenResetCountsExactlyThePostResetMovement(@ForAll("steps") List<Step> before,
                                                       @ForAll("steps") List<Step> after,
                                                       @ForAll @LongRange(max = 1_000_000_000L) long resetTo,
                                                       @ForAll BootEvidence evidence) {
        SimulatedMeter first = simulate(0, 1_000_000, evidence, before);
        SimulatedMeter second = simulate(0, resetTo, evidence, after);
        long shift = first.clean.get(first.clean.size() - 1).at().getEpochSecond() + 60
                - SimulatedMeter.START.getEpochSecond();
        List<CounterReading> readings = new ArrayList<>(first.clean);
        for (int i = 0; i < second.clean.size(); i++) {
            CounterReading r = second.clean.get(i);
            CounterReading moved = new CounterReading(r.at().plusSeconds(shift), r.valueMwh(), r.bootCount(),
                    r.uptimeSeconds(), i == 0);
            readings.add(moved);
        }
        Accounting accounting = account(0, readings);
        assertThat(accounting.totalMwh()).isEqualTo(first.expectedMwh + second.expectedMwh);
        assertThat(accounting.eventsOf(Kind.RESET)).hasSize(1);
    }

    @Property
    void replayingAnyPrefixChangesNothing(@ForAll("steps") List<Step> steps, @ForAll @IntRange(max = 2) int quantum,
                                          @ForAll BootEvidence evidence, @ForAll @IntRange(max = 200) int prefix) {
        List<CounterReading> readings = simulate(quantum, 5_000_000, evidence, steps).all();
        readings.sort(CounterReading.DEVICE_ORDER);
        List<CounterReading> replayed = new ArrayList<>(readings);
        replayed.addAll(readings.subList(0, Math.min(prefix, readings.size())));
        replayed.addAll(readings);
        assertThat(account(quantum, replayed)).isEqualTo(account(quantum, readings));
    }

    @Property
    void accountingFromACheckpointEqualsAccountingFromScratch(@ForAll("steps") List<Step> steps,
                                                              @ForAll @IntRange(max = 2) int quantum,
                                                              @ForAll BootEvidence evidence,
                                                              @ForAll @IntRange(max = 200) int cut) {
        List<CounterReading> readings = List.copyOf(distinctInDeviceOrder(simulate(quantum, 0, evidence, steps).all()));
        int at = Math.min(cut, readings.size());
        AccountingPolicy policy = AccountingPolicy.forQuantum(QUANTA[quantum]);
        Accounting head = Accounting.of(policy, readings.subList(0, at));
        Accounting tail = Accounting.continued(new CounterAccountant(policy), head.state(),
                readings.subList(Math.max(0, at - 1), readings.size()));
        Accounting whole = Accounting.of(policy, readings);
        List<AccountingEvent> joined = new ArrayList<>(head.events());
        joined.addAll(tail.events());
        assertThat(joined).isEqualTo(whole.events());
        assertThat(tail.state()).isEqualTo(whole.state());
    }

    @Property
    void aStaleOutOfOrderReadingNeverAddsEnergyTwice(@ForAll("steps") List<Step> steps,
                                                     @ForAll @IntRange(max = 2) int quantum,
                                                     @ForAll BootEvidence evidence, @ForAll long seed) {
        SimulatedMeter meter = simulate(quantum, 0, evidence, steps);
        List<CounterReading> lateTwice = new ArrayList<>(meter.all());
        Random random = new Random(seed);
        for (int i = 0; i < 5 && !meter.clean.isEmpty(); i++) {
            lateTwice.add(meter.clean.get(random.nextInt(meter.clean.size())));
        }
        assertThat(account(quantum, lateTwice).totalMwh()).isEqualTo(meter.expectedMwh);
    }

    @Property
    void hourlySumsOfBucketsEqualTheTotal(@ForAll("steps") List<Step> steps, @ForAll @IntRange(max = 2) int quantum) {
        Accounting accounting = account(quantum, simulate(quantum, 0, BootEvidence.BOTH, steps).all());
        SortedMap<Long, Long> hourly = new TreeMap<>();
        accounting.quarterHours().forEach((start, mwh) -> hourly.merge(start.getEpochSecond() / 3600, mwh, Long::sum));
        assertThat(hourly.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(accounting.totalMwh());
        assertThat(accounting.quarterHours().values()).allSatisfy(v -> assertThat(v).isNotNegative());
    }
}
