package zmai.core.cli;

import java.time.Instant;
import java.util.function.Predicate;

import zmai.core.energy.Accounting;
import zmai.core.energy.AccountingEvent;
import zmai.core.energy.AccountingEvent.Kind;
import zmai.core.energy.TimeRange;

/**
 * One row of the report: a device's counted energy and decisions for one local month, or for all of them.
 * Energy is the sum of the quarter-hour buckets starting in the month; decisions count where their reading lies.
 */
record MonthFigures(String device, String period, long energyMwh, long accepted, long catchUps, long rewinds,
                    long resets, long glitches) {

    static MonthFigures of(String device, String period, Accounting accounting, TimeRange range) {
        return within(device, period, accounting, range::contains);
    }

    static MonthFigures total(String device, Accounting accounting) {
        return within(device, "total", accounting, at -> true);
    }

    private static MonthFigures within(String device, String period, Accounting accounting, Predicate<Instant> inside) {
        long energy = accounting.quarterHours().entrySet().stream()
                .filter(bucket -> inside.test(bucket.getKey()))
                .mapToLong(bucket -> bucket.getValue()).sum();
        return new MonthFigures(device, period, energy, count(accounting, Kind.ACCEPTED, inside),
                count(accounting, Kind.CATCH_UP, inside), count(accounting, Kind.REWIND, inside),
                count(accounting, Kind.RESET, inside), count(accounting, Kind.GLITCH_DISCARDED, inside));
    }

    private static long count(Accounting accounting, Kind kind, Predicate<Instant> inside) {
        return accounting.eventsOf(kind).stream().map(AccountingEvent::at).filter(inside).count();
    }
}
