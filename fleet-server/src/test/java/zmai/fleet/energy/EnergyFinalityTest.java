package zmai.fleet.energy;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static zmai.fleet.energy.EnergyApi.api;
import static zmai.fleet.energy.EnergyApi.assertImport;
import static zmai.fleet.energy.EnergyApi.importNdjson;
import static zmai.fleet.energy.EnergyApi.kwh;
import static zmai.fleet.energy.EnergyApi.ndjson;
import static zmai.fleet.energy.EnergyApi.wh;

/**
 * Finality: a month whose grace period (seven days here) is over is final, and whatever still moves its total,
 * a late reading or a new assignment, is listed in its report as an adjustment with who, why and how much; the
 * energy as it was when the month became final stays readable. Months still in their grace period change without
 * adjustments.
 */
@QuarkusTest
class EnergyFinalityTest {

    private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");
    private static final YearMonth JANUARY = YearMonth.of(2024, 1);
    private static final YearMonth FEBRUARY = YearMonth.of(2024, 2);
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final String TOKEN_NAME = "bootstrap-admin";

    private final EnergyApi e = new EnergyApi();

    @Test
    void lateReadingsInAFinalMonthAreListedAsAdjustmentsWithWhoAndWhy() {
        String meter = e.device("late");
        e.declareDevice(meter, "0.001kWh");
        long circuit = e.circuit("late", "Europe/Warsaw");
        e.assign(circuit, meter, "2024-01-01T00:00:00+01:00", null);

        String first = ndjson(meter, "2024-01-05T00:00:00Z", "1000", "kWh", "")
                + ndjson(meter, "2024-01-25T00:00:00Z", "1010", "kWh", "");
        assertImport(importNdjson(first), 2, 0, 0);
        Map<String, Object> january = e.line(JANUARY.toString(), "late");
        assertThat(january.get("status")).isEqualTo("final");
        assertThat(january.get("energy_wh")).isEqualTo("10000.000");
        assertThat(january.get("finalized_wh")).as("nothing was known when January became final")
                .isEqualTo("0.000");
        assertThat(adjustments(january)).singleElement().satisfies(a -> {
            assertThat(a.get("delta_wh")).isEqualTo("10000.000");
            assertThat(a.get("by")).isEqualTo(TOKEN_NAME);
            assertThat(a.get("reason")).isEqualTo("readings imported (2 new)");
            assertThat(a.get("device")).isEqualTo(meter);
            assertThat(a.get("recorded_at")).isNotNull();
        });

        // the same lines again, and a late reading that only moves energy within January: no adjustment
        assertImport(importNdjson(first), 0, 2, 0);
        assertImport(importNdjson(ndjson(meter, "2024-01-15T00:00:00Z", "1004", "kWh", "")), 1, 0, 0);
        assertThat(adjustments(e.line(JANUARY.toString(), "late"))).hasSize(1);

        // a reading in February spreads 3 kWh back over the last week of January
        assertImport(importNdjson(ndjson(meter, "2024-02-04T00:00:00Z", "1013", "kWh", "")), 1, 0, 0);
        EnergyApi.Expected expected = new EnergyApi.Expected()
                .add(kwh("4"), Instant.parse("2024-01-05T00:00:00Z"), Instant.parse("2024-01-15T00:00:00Z"))
                .add(kwh("6"), Instant.parse("2024-01-15T00:00:00Z"), Instant.parse("2024-01-25T00:00:00Z"))
                .add(kwh("3"), Instant.parse("2024-01-25T00:00:00Z"), Instant.parse("2024-02-04T00:00:00Z"));
        long januaryMwh = expected.month(JANUARY, WARSAW);
        assertThat(januaryMwh).isBetween(kwh("10"), kwh("13"));

        january = e.line(JANUARY.toString(), "late");
        assertThat(january.get("energy_wh")).isEqualTo(wh(januaryMwh));
        assertThat(january.get("finalized_wh")).isEqualTo("0.000");
        List<Map<String, Object>> changes = adjustments(january);
        assertThat(changes).extracting(a -> a.get("delta_wh"))
                .containsExactly("10000.000", wh(januaryMwh - kwh("10")));
        assertThat(changes.get(1).get("reason")).isEqualTo("readings imported (1 new)");

        Map<String, Object> february = e.line(FEBRUARY.toString(), "late");
        assertThat(february.get("energy_wh")).isEqualTo(wh(kwh("13") - januaryMwh));
        assertThat(adjustments(february)).extracting(a -> a.get("delta_wh"))
                .containsExactly(wh(kwh("13") - januaryMwh));

        String csv = api().queryParam("month", JANUARY.toString()).queryParam("format", "csv")
                .get("/api/reports/monthly").then().statusCode(200).extract().asString();
        assertThat(csv.lines().findFirst().orElseThrow()).endsWith(",adjustments,adjustment_kwh");
        String adjustedKwh = BigDecimal.valueOf(januaryMwh, 6).setScale(3, RoundingMode.HALF_EVEN).toPlainString();
        assertThat(csv.lines().filter(l -> l.startsWith(e.circuitName("late") + ",")))
                .singleElement().asString().endsWith(",final,0.00,2," + adjustedKwh);
    }

    @Test
    void assigningAMeterToAFinalMonthIsAnAdjustmentOfThatCircuit() {
        String meter = e.device("assigned");
        e.declareDevice(meter, "0.001kWh");
        assertImport(importNdjson(ndjson(meter, "2024-01-10T00:00:00Z", "500", "kWh", "")
                + ndjson(meter, "2024-01-20T00:00:00Z", "502.5", "kWh", "")), 2, 0, 0);
        long circuit = e.circuit("assigned", "Europe/Warsaw");
        e.assign(circuit, meter, "2024-01-01T00:00:00+01:00", "2024-02-01T00:00:00+01:00");

        Map<String, Object> january = e.line(JANUARY.toString(), "assigned");
        assertThat(january.get("energy_wh")).isEqualTo("2500.000");
        assertThat(adjustments(january)).singleElement().satisfies(a -> {
            assertThat(a.get("delta_wh")).isEqualTo("2500.000");
            assertThat(a.get("by")).isEqualTo(TOKEN_NAME);
            assertThat((String) a.get("reason")).startsWith("device " + meter + " assigned to circuit "
                    + e.circuitName("assigned"));
        });
    }

    @Test
    void endingAnAssignmentTakesTheMeterOutOfTheCircuitFromThenOnAndThatIsAnAdjustmentToo() {
        String meter = e.device("ended");
        e.declareDevice(meter, "0.001kWh");
        long circuit = e.circuit("ended", "UTC");
        long assignment = e.assign(circuit, meter, "2024-01-01T00:00:00Z", null);
        // 1 kWh a day from 1 to 11 January
        assertImport(importNdjson(ndjson(meter, "2024-01-01T00:00:00Z", "100", "kWh", "")
                + ndjson(meter, "2024-01-11T00:00:00Z", "110", "kWh", "")), 2, 0, 0);
        assertThat(e.line("2024-01", "ended").get("energy_wh")).isEqualTo("10000.000");

        // the meter was in fact taken out on the 6th
        changeEnd(circuit, assignment, "\"2024-01-06T00:00:00Z\"").statusCode(200);
        Map<String, Object> january = e.line("2024-01", "ended");
        assertThat(january.get("energy_wh")).isEqualTo("5000.000");
        assertThat(january.get("unmetered")).isEqualTo(List.of(Map.of("from", "2024-01-06T00:00:00Z",
                "to", "2024-02-01T00:00:00Z")));
        assertThat(adjustments(january)).last().satisfies(a -> {
            assertThat(a.get("delta_wh")).isEqualTo("-5000.000");
            assertThat((String) a.get("reason")).contains("now ends 2024-01-06T00:00:00Z (was open-ended)");
        });

        // another circuit takes the meter from the 6th; the first can then no longer be reopened
        long other = e.circuit("ended-next", "UTC");
        long next = e.assign(other, meter, "2024-01-06T00:00:00Z", null);
        assertThat(e.line("2024-01", "ended-next").get("energy_wh")).isEqualTo("5000.000");
        changeEnd(circuit, assignment, "null").statusCode(409);
        changeEnd(circuit, assignment, "\"2023-12-01T00:00:00Z\"").statusCode(400);
        changeEnd(other, assignment, "null").statusCode(404);

        // a mistaken assignment removed: its energy leaves that circuit, and the first is reopened
        api().delete("/api/circuits/{id}/assignments/{a}", other, next).then().statusCode(204);
        assertThat(e.line("2024-01", "ended-next").get("energy_wh")).isEqualTo("0.000");
        changeEnd(circuit, assignment, "null").statusCode(200);
        january = e.line("2024-01", "ended");
        assertThat(january.get("energy_wh")).isEqualTo("10000.000");
        assertThat(january.get("unmetered")).isEqualTo(List.of());
        assertThat(adjustments(january)).extracting(a -> a.get("delta_wh"))
                .containsExactly("10000.000", "-5000.000", "5000.000");
    }

    private static io.restassured.response.ValidatableResponse changeEnd(long circuit, long assignment, String to) {
        return api().contentType(io.restassured.http.ContentType.JSON).body("{\"to\":" + to + "}")
                .patch("/api/circuits/{id}/assignments/{a}", circuit, assignment).then();
    }

    @Test
    void aMonthInItsGracePeriodIsProvisionalAndChangesWithoutAdjustments() {
        String meter = e.device("recent");
        e.declareDevice(meter, "0.001kWh");
        e.circuitOf("recent", "UTC", meter);
        Instant second = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Instant first = second.minus(1, ChronoUnit.HOURS);
        assertImport(importNdjson(ndjson(meter, first.toString(), "100", "kWh", "")
                + ndjson(meter, second.toString(), "101", "kWh", "")), 2, 0, 0);

        // the hour may straddle the turn of a month: both months are in their grace period
        long total = 0;
        for (YearMonth month : new java.util.TreeSet<>(List.of(YearMonth.from(first.atZone(UTC)),
                YearMonth.from(second.atZone(UTC))))) {
            Map<String, Object> line = e.line(month.toString(), "recent");
            assertThat(line.get("status")).isEqualTo("provisional");
            assertThat(line.get("finalized_wh")).isNull();
            assertThat(adjustments(line)).isEmpty();
            total += ((Number) line.get("energy_mwh")).longValue();
        }
        assertThat(total).isEqualTo(kwh("1"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> adjustments(Map<String, Object> line) {
        return (List<Map<String, Object>>) line.get("adjustments");
    }

}
