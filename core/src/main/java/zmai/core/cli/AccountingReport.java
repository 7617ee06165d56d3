package zmai.core.cli;

import java.io.PrintWriter;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

import zmai.core.energy.Accounting;
import zmai.core.energy.AccountingEvent;
import zmai.core.energy.CounterState;
import zmai.core.energy.TimeRange;

import static zmai.core.energy.MilliWattHours.formatKilowattHours;

/** Prints accounted devices as a table of local months, and on request every decision behind it. */
final class AccountingReport {

    private final ZoneId zone;
    private final SortedMap<String, Accounting> devices;

    AccountingReport(ZoneId zone, SortedMap<String, Accounting> devices) {
        this.zone = zone;
        this.devices = devices;
    }

    void printTable(PrintWriter out) {
        int width = Math.max("device".length(), devices.keySet().stream().mapToInt(String::length).max().orElse(0));
        String row = "%-" + width + "s  %-7s  %10s  %8s  %9s  %7s  %6s  %8s%n";
        out.printf(row, "device", "month", "energy_kwh", "accepted", "catch-ups", "rewinds", "resets", "glitches");
        devices.forEach((device, accounting) -> {
            List<MonthFigures> rows = new ArrayList<>(months(device, accounting));
            rows.add(MonthFigures.total(device, accounting));
            rows.forEach(f -> out.printf(row, f.device(), f.period(), formatKilowattHours(f.energyMwh()), f.accepted(),
                    f.catchUps(), f.rewinds(), f.resets(), f.glitches()));
        });
        printHeldReadings(out);
    }

    /** A last reading still waiting for the next one is not counted yet; say so rather than stay silent. */
    private void printHeldReadings(PrintWriter out) {
        devices.forEach((device, accounting) -> accounting.state().flatMap(CounterState::pending).ifPresent(held ->
                out.printf("%s: the reading of %s kWh at %s is held until a later one confirms it (%s)%n", device,
                        formatKilowattHours(held.reading().valueMwh()),
                        held.reading().at().atZone(zone).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                        held.direction() == CounterState.Pending.Direction.LOW ? "a drop" : "an implausible jump")));
    }

    void printEvents(PrintWriter out) {
        devices.forEach((device, accounting) -> {
            out.printf("%n%s events%n", device);
            out.printf("%-29s  %-16s  %12s  %10s  %s%n", "time", "kind", "value_kwh", "energy_kwh", "evidence");
            for (AccountingEvent event : accounting.events()) {
                out.printf("%-29s  %-16s  %12s  %10s  %s%n",
                        event.at().atZone(zone).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                        event.kind(), formatKilowattHours(event.toMwh()), formatKilowattHours(event.energyMwh()),
                        event.evidence());
            }
        });
    }

    /** Every local month from the first reading to the last, silent ones included. */
    private List<MonthFigures> months(String device, Accounting accounting) {
        if (accounting.events().isEmpty() || accounting.state().isEmpty()) {
            return List.of();
        }
        // the first decision is the baseline; the last reading may have caused none (a repeat, a held value)
        YearMonth first = YearMonth.from(accounting.events().get(0).at().atZone(zone));
        YearMonth last = YearMonth.from(accounting.state().get().latest().at().atZone(zone));
        List<MonthFigures> months = new ArrayList<>();
        for (YearMonth month = first; !month.isAfter(last); month = month.plusMonths(1)) {
            months.add(MonthFigures.of(device, month.toString(), accounting, TimeRange.of(month, zone)));
        }
        return months;
    }
}
