package zmai.core.energy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import zmai.core.energy.AccountingEvent.Kind;
import zmai.core.energy.CounterState.Pending;
import zmai.core.energy.CounterState.Pending.Direction;

import static zmai.core.energy.MilliWattHours.formatWattHours;

/**
 * Turns one register's readings, in device order, into counted energy and the decisions behind it
 * (the binding rules of the energy-accounting spec, section 5):
 * <ul>
 *   <li>the first reading is the baseline;</li>
 *   <li>a plausible increase counts, spread from the previous change point;</li>
 *   <li>an implausible jump is held and counts as a catch-up only if the next reading continues from it;</li>
 *   <li>a drop right after a reboot, within the rewind tolerance, is a rewind: zero, new baseline;</li>
 *   <li>any other drop is held: the next different reading below the old level confirms it (zero, new
 *       baseline), one back at or above the old level makes it a glitch;</li>
 *   <li>a proven reset opens a new epoch at its value, which is never energy.</li>
 * </ul>
 * A decrease therefore never creates energy.
 */
public final class CounterAccountant {

    private final AccountingPolicy policy;

    public CounterAccountant(AccountingPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** The state after one more reading and the decisions it caused. */
    public record Step(CounterState state, List<AccountingEvent> events) {
    }

    public Step first(CounterReading reading) {
        CounterState state = CounterState.baseline(reading);
        return new Step(state, List.of(uncounted(Kind.BASELINE, reading, state, reading.valueMwh(),
                "first reading of the register: its baseline, not energy")));
    }

    /**
     * Accounts {@code reading} after {@code state}. The same raw reading again changes nothing; a reading
     * that sorts before the last one accounted is refused, because only a refold from an earlier state
     * can place it correctly.
     */
    public Step next(CounterState state, CounterReading reading) {
        if (reading.sameReadingAs(state.latest())) {
            return new Step(state, List.of());
        }
        if (CounterReading.DEVICE_ORDER.compare(reading, state.latest()) < 0) {
            throw new IllegalArgumentException("reading at " + reading.at() + " precedes the last accounted one at "
                    + state.latest().at() + "; account the register again from an earlier state");
        }
        List<AccountingEvent> events = new ArrayList<>(2);
        CounterState settled = state;
        if (state.pending().isPresent()) {
            Pending pending = state.pending().get();
            if (pending.direction() == Direction.LOW && !reading.reset()
                    && reading.valueMwh() == pending.reading().valueMwh()) {
                // the held low value repeated: a heartbeat, not yet a second opinion
                return new Step(state.stillHolding(reading), List.of());
            }
            settled = settle(state, pending, reading, events);
        }
        Optional<String> reboot = BootChange.between(settled.settled(), reading);
        return new Step(judge(settled, reading, reboot, events), List.copyOf(events));
    }

    private CounterState settle(CounterState state, Pending pending, CounterReading next, List<AccountingEvent> events) {
        CounterReading held = pending.reading();
        if (next.reset()) {
            events.add(uncounted(Kind.GLITCH_DISCARDED, held, state, state.levelMwh(),
                    "held reading superseded by the explicit reset at " + next.at()));
            return state.released();
        }
        boolean confirmed = pending.direction() == Direction.LOW
                ? next.valueMwh() < state.levelMwh()
                : next.valueMwh() >= held.valueMwh();
        String by = " by the reading at " + next.at() + " (" + formatWattHours(next.valueMwh()) + " Wh)";
        if (!confirmed) {
            String what = pending.direction() == Direction.LOW
                    ? "single lower reading, contradicted"
                    : "implausible jump of " + formatWattHours(held.valueMwh() - state.levelMwh()) + " Wh, not continued";
            events.add(uncounted(Kind.GLITCH_DISCARDED, held, state, state.levelMwh(), what + by));
            return state.released();
        }
        if (pending.direction() == Direction.LOW) {
            CounterState rebased = state.newEpochAt(held);
            events.add(uncounted(Kind.REWIND, held, rebased, state.levelMwh(),
                    "counter fell " + formatWattHours(state.levelMwh() - held.valueMwh())
                            + " Wh with no proven reset, confirmed" + by + "; the lower level is the new baseline"));
            return rebased;
        }
        events.add(counted(Kind.CATCH_UP, held, state, "jump of "
                + formatWattHours(held.valueMwh() - state.levelMwh()) + " Wh above the plausible "
                + formatWattHours(plausibleIncrease(state, held)) + " Wh, confirmed" + by));
        return state.accepted(held);
    }

    private CounterState judge(CounterState state, CounterReading reading, Optional<String> reboot,
                               List<AccountingEvent> events) {
        if (reading.reset()) {
            CounterState reset = state.newEpochAt(reading);
            events.add(uncounted(Kind.RESET, reading, reset, state.levelMwh(), "explicit reset to "
                    + formatWattHours(reading.valueMwh()) + " Wh; the previous level was "
                    + formatWattHours(state.levelMwh()) + " Wh"));
            return reset;
        }
        long change = reading.valueMwh() - state.levelMwh();
        if (change == 0) {
            return state.seen(reading);
        }
        if (change > 0) {
            long plausible = plausibleIncrease(state, reading);
            if (change > plausible) {
                return state.holding(reading, Direction.HIGH);
            }
            events.add(counted(Kind.ACCEPTED, reading, state, "rose " + formatWattHours(change) + " Wh in "
                    + Duration.between(state.levelSince(), reading.at()) + ", plausible up to "
                    + formatWattHours(plausible) + " Wh" + reboot.map(r -> " (after a reboot: " + r + ")").orElse("")));
            return state.accepted(reading);
        }
        long drop = -change;
        if (reboot.isPresent() && drop <= policy.rewindToleranceMwh()) {
            CounterState rebased = state.newEpochAt(reading);
            events.add(uncounted(Kind.REWIND, reading, rebased, state.levelMwh(), "reboot (" + reboot.get()
                    + ") and the counter fell " + formatWattHours(drop) + " Wh, within the "
                    + formatWattHours(policy.rewindToleranceMwh()) + " Wh tolerance: unsaved energy, already counted"));
            return rebased;
        }
        return state.holding(reading, Direction.LOW);
    }

    private long plausibleIncrease(CounterState state, CounterReading reading) {
        return policy.plausibleIncreaseMwh(Duration.between(state.levelSince(), reading.at()));
    }

    private static AccountingEvent counted(Kind kind, CounterReading reading, CounterState before, String evidence) {
        return new AccountingEvent(kind, reading, before.epoch(), before.levelMwh(), reading.valueMwh(),
                reading.valueMwh() - before.levelMwh(), before.levelSince(), evidence);
    }

    private static AccountingEvent uncounted(Kind kind, CounterReading reading, CounterState after, long fromMwh,
                                             String evidence) {
        return new AccountingEvent(kind, reading, after.epoch(), fromMwh, reading.valueMwh(), 0, reading.at(), evidence);
    }
}
