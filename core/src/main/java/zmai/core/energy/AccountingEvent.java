package zmai.core.energy;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One decision of the accountant, kept so that a user can see why energy was or was not counted.
 *
 * @param reading       the reading the decision is about (for a catch-up or a glitch: the held reading)
 * @param epoch         the counter epoch the decision leaves in force; rewinds and resets open a new one
 * @param fromMwh       the accepted counter level before the decision
 * @param toMwh         the counter value the decision is about
 * @param energyMwh     energy counted by this decision; zero for everything but accepted and catch-up
 * @param intervalStart where the counted energy begins: the change point of the previous level
 * @param evidence      the facts the decision rests on, in words
 */
public record AccountingEvent(Kind kind, CounterReading reading, int epoch, long fromMwh, long toMwh,
                              long energyMwh, Instant intervalStart, String evidence) {

    public enum Kind {
        /** A register's first reading: the zero point, never energy. */
        BASELINE,
        /** A plausible increase, counted. */
        ACCEPTED,
        /** An implausibly large increase that the next reading confirmed, counted over the whole gap. */
        CATCH_UP,
        /** A drop not proven to be a reset (unsaved energy lost in a reboot, or a confirmed lower level): not counted, new baseline. */
        REWIND,
        /** A proven reset: new epoch from the reset value; the reset value itself is not energy. */
        RESET,
        /** A single reading the next one contradicted: not counted. */
        GLITCH_DISCARDED
    }

    public AccountingEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reading, "reading");
        Objects.requireNonNull(intervalStart, "intervalStart");
        Objects.requireNonNull(evidence, "evidence");
        boolean counts = kind == Kind.ACCEPTED || kind == Kind.CATCH_UP;
        if (counts ? energyMwh != toMwh - fromMwh || energyMwh <= 0 : energyMwh != 0) {
            throw new IllegalArgumentException(kind + " cannot count " + energyMwh + " mWh");
        }
    }

    public Instant at() {
        return reading.at();
    }

    /** The counted energy spread over 15-minute UTC buckets; empty when nothing was counted. */
    public List<QuarterHours.Share> allocation() {
        return energyMwh == 0 ? List.of() : QuarterHours.split(energyMwh, intervalStart, reading.at());
    }
}
