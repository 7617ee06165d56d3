package zmai.core.energy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The outcome of accounting a register's readings: every decision, and the state to go on from.
 * Totals are derived from the decisions, so they cannot disagree with them.
 */
public record Accounting(List<AccountingEvent> events, Optional<CounterState> state) {

    public Accounting {
        events = List.copyOf(events);
    }

    /** Accounts {@code readings}, which must be in {@link CounterReading#DEVICE_ORDER}, from nothing. */
    public static Accounting of(AccountingPolicy policy, Iterable<CounterReading> readings) {
        return continued(new CounterAccountant(policy), Optional.empty(), readings);
    }

    /** Accounts {@code readings} after {@code from}, e.g. a checkpoint taken before a late reading's place. */
    public static Accounting continued(CounterAccountant accountant, Optional<CounterState> from,
                                       Iterable<CounterReading> readings) {
        List<AccountingEvent> events = new ArrayList<>();
        Optional<CounterState> state = from;
        for (CounterReading reading : readings) {
            CounterAccountant.Step step = state.isEmpty() ? accountant.first(reading) : accountant.next(state.get(), reading);
            events.addAll(step.events());
            state = Optional.of(step.state());
        }
        return new Accounting(events, state);
    }

    /** Energy counted in total. */
    public long totalMwh() {
        return events.stream().mapToLong(AccountingEvent::energyMwh).sum();
    }

    /** Energy counted per epoch; an epoch's figure is exactly its accepted counter movement. */
    public SortedMap<Integer, Long> energyByEpoch() {
        SortedMap<Integer, Long> byEpoch = new TreeMap<>();
        events.forEach(e -> byEpoch.merge(e.epoch(), e.energyMwh(), Long::sum));
        return Collections.unmodifiableSortedMap(byEpoch);
    }

    /** Counted energy per 15-minute UTC bucket start. */
    public SortedMap<Instant, Long> quarterHours() {
        SortedMap<Instant, Long> buckets = new TreeMap<>();
        events.stream().flatMap(e -> e.allocation().stream()).forEach(s -> buckets.merge(s.start(), s.mwh(), Long::sum));
        return Collections.unmodifiableSortedMap(buckets);
    }

    public List<AccountingEvent> eventsOf(AccountingEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }
}
