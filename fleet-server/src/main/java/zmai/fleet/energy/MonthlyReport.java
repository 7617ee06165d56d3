package zmai.fleet.energy;

import com.fasterxml.jackson.annotation.JsonProperty;
import zmai.core.energy.MilliWattHours;

import java.time.Instant;
import java.util.List;

/** Every circuit's energy in one month of its own time zone. */
public record MonthlyReport(String month, List<Line> circuits) {

    /**
     * @param energyWh    exact: the integer mWh sum as watt-hours with three decimals, adjustments included
     * @param status      {@code final} once the month's grace period has passed, else {@code provisional}
     * @param finalizedWh a final month's energy when it became final (energy less its adjustments); null while
     *                    provisional
     * @param adjustments what changed the month after it became final, oldest first
     * @param unmetered   the parts of the month no meter measured the circuit
     */
    public record Line(String circuit, String timezone, @JsonProperty("energy_wh") String energyWh,
                       @JsonProperty("energy_mwh") long energyMwh, String status,
                       @JsonProperty("finalized_wh") String finalizedWh, List<Adjustment> adjustments,
                       List<Gap> unmetered) {

        long adjustmentMwh() {
            return Adjustment.total(adjustments);
        }
    }

    /** A change to a final month: how much, caused by which meter's readings, who did it and why. */
    public record Adjustment(@JsonProperty("delta_wh") String deltaWh, @JsonProperty("delta_mwh") long deltaMwh,
                             String device, String by, String reason,
                             @JsonProperty("recorded_at") Instant recordedAt) {

        Adjustment(long deltaMwh, String device, String by, String reason, Instant recordedAt) {
            this(MilliWattHours.formatWattHours(deltaMwh), deltaMwh, device, by, reason, recordedAt);
        }

        static long total(List<Adjustment> adjustments) {
            return adjustments.stream().mapToLong(Adjustment::deltaMwh).sum();
        }
    }

    public record Gap(Instant from, Instant to) {
    }
}
