package zmai.fleet.energy;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/** Every circuit's energy in one month of its own time zone. */
public record MonthlyReport(String month, List<Line> circuits) {

    /**
     * @param energyWh  exact: the integer mWh sum as watt-hours with three decimals
     * @param status    {@code final} once the month's grace period has passed, else {@code provisional}
     * @param unmetered the parts of the month no meter measured the circuit
     */
    public record Line(String circuit, String timezone, @JsonProperty("energy_wh") String energyWh,
                       @JsonProperty("energy_mwh") long energyMwh, String status, List<Gap> unmetered) {
    }

    public record Gap(Instant from, Instant to) {
    }
}
