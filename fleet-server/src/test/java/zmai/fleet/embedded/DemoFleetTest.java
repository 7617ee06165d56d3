package zmai.fleet.embedded;

import org.junit.jupiter.api.Test;
import zmai.meter.virtual.FleetScenario;
import zmai.meter.virtual.LoadProfile;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DemoFleetTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void twentyMetersFillThreeCircuitsOfSixAndLeaveTwoSpare() {
        assertThat(DemoFleet.placement(0, 20)).isEqualTo(new DemoFleet.Placement("Rack A meter 1", List.of("rack-a"),
                Optional.of("Rack A")));
        assertThat(DemoFleet.placement(6, 20).name()).isEqualTo("Rack B meter 1");
        assertThat(DemoFleet.placement(17, 20).name()).isEqualTo("Office meter 6");
        assertThat(DemoFleet.placement(19, 20)).isEqualTo(new DemoFleet.Placement("Spare 2", List.of("spare"),
                Optional.empty()));
    }

    @Test
    void theScenarioFlapsOneMeterAndUnplugsAnother() {
        FleetScenario s = DemoFleet.scenario(20, 1);
        assertThat(s.flappingSeconds(DemoFleet.FLAPPING)).isEqualTo(120);
        assertThat(s.unpluggedSeconds(DemoFleet.UNPLUGGED)).isEqualTo(45);
        assertThat(s.unpluggedSeconds(0)).isZero();
        assertThat(DemoFleet.scenario(3, 1).faults()).isEmpty();
    }

    @Test
    void theHistoryReachesBackToLastMonthAndEndsWhereTheCounterStarts() {
        Instant end = Instant.parse("2026-11-30T05:56:31Z");
        DemoHistory h = DemoHistory.endingAt("c8478c000001", end, BERLIN, 1_000_000, LoadProfile.constant(600, 1));
        assertThat(h.from()).isEqualTo(Instant.parse("2026-09-30T22:00:00Z"));
        assertThat(h.to()).isEqualTo(Instant.parse("2026-11-30T05:56:00Z"));
        String[] lines = h.ndjson().split("\n");
        long minutes = java.time.Duration.between(h.from(), h.to()).toMinutes();
        assertThat(lines).hasSize((int) (minutes / 60) + 2);
        assertThat(lines[0]).isEqualTo("{\"device\":\"c8478c000001\",\"ts\":\"2026-09-30T22:00:00Z\","
                + "\"register\":\"energy_total\",\"value\":\"1000.000\",\"unit\":\"Wh\"}");
        // 600 W is 10 Wh a minute
        assertThat(h.endMilliWh()).isEqualTo(1_000_000 + minutes * 10_000);
        assertThat(lines[lines.length - 1]).contains("\"ts\":\"2026-11-30T05:56:00Z\"")
                .contains("\"value\":\"" + h.endMilliWh() / 1000 + ".000\"");
        // early in a month the span, not last month, reaches further back
        assertThat(DemoHistory.startFor(Instant.parse("2026-12-01T10:00:00Z"), BERLIN))
                .isEqualTo(Instant.parse("2026-10-02T10:00:00Z"));
    }
}
