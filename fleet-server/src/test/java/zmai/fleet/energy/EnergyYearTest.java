package zmai.fleet.energy;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static zmai.fleet.energy.EnergyApi.assertImport;
import static zmai.fleet.energy.EnergyApi.importNdjson;
import static zmai.fleet.energy.EnergyApi.ndjson;

/**
 * A generated year (2023) of hourly readings for three circuits in awkward zones: Asia/Kolkata (+05:30, months
 * start at :30 UTC), Europe/Warsaw (DST) and America/Asuncion (DST; in 2023 summer time began on 1 October at
 * 00:00, so October starts at 01:00 local). Every month's total is checked against an independent linear-share
 * calculation, the twelve months against the year's counter movement, and the CSV report against the JSON one.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnergyYearTest {

    private static final Year YEAR = Year.of(2023);
    /** Readings at 7 min 13 s past each hour of the zone's year, so month edges fall inside intervals. */
    private static final Duration PHASE = Duration.ofMinutes(7).plusSeconds(13);

    private final EnergyApi e = new EnergyApi();
    private final Map<String, ZoneId> zones = new LinkedHashMap<>();
    private final Map<String, EnergyApi.Expected> expected = new HashMap<>();
    private final Map<String, Long> movement = new HashMap<>();

    private boolean imported;

    /** Imports the year once, on the first test (REST Assured knows the test port only inside a test). */
    private synchronized void importTheYear() {
        if (imported) {
            return;
        }
        imported = true;
        zones.put("year/kolkata", ZoneId.of("Asia/Kolkata"));
        zones.put("year/warsaw", ZoneId.of("Europe/Warsaw"));
        zones.put("year/asuncion", ZoneId.of("America/Asuncion"));
        StringBuilder body = new StringBuilder();
        int lines = 0;
        long seed = 42;
        for (Map.Entry<String, ZoneId> circuit : zones.entrySet()) {
            String meter = e.device(circuit.getKey().replace('/', '-'));
            e.circuitOf(circuit.getKey(), circuit.getValue().getId(), meter);
            SplittableRandom random = new SplittableRandom(seed++);
            EnergyApi.Expected counted = new EnergyApi.Expected();
            Instant start = EnergyApi.monthStart(YEAR.atMonth(1), circuit.getValue());
            Instant end = EnergyApi.monthStart(YEAR.plusYears(1).atMonth(1), circuit.getValue());
            long first = 1_000_000_000L + random.nextLong(1_000_000_000L);
            long value = first;
            Instant changePoint = null;
            for (Instant at = start.plus(PHASE); at.isBefore(end); at = at.plus(Duration.ofHours(1))) {
                if (changePoint == null) {
                    changePoint = at;
                } else {
                    // a load between 0 and 3 kW, now and then idle for an hour (the counter stands still)
                    long increase = random.nextInt(20) == 0 ? 0 : random.nextLong(3_000_000);
                    if (increase > 0) {
                        counted.add(increase, changePoint, at);
                        changePoint = at;
                        value += increase;
                    }
                }
                body.append(ndjson(meter, at.toString(), EnergyApi.wh(value), "Wh", ""));
                lines++;
            }
            expected.put(circuit.getKey(), counted);
            movement.put(circuit.getKey(), value - first);
        }
        // one request of some 26 000 lines: more than one store batch
        assertImport(importNdjson(body.toString()), lines, 0, 0);
        e.assignPending();
    }

    @Test
    void theZonesMonthsStartWhereTheCalendarSays() {
        importTheYear();
        // guards the independent calculation itself against a wrong zone database
        assertThat(EnergyApi.monthStart(YearMonth.of(2023, 10), ZoneId.of("America/Asuncion")))
                .isEqualTo(Instant.parse("2023-10-01T04:00:00Z"));
        assertThat(EnergyApi.monthStart(YearMonth.of(2023, 4), ZoneId.of("America/Asuncion")))
                .isEqualTo(Instant.parse("2023-04-01T04:00:00Z"));
        assertThat(EnergyApi.monthStart(YearMonth.of(2023, 2), ZoneId.of("Asia/Kolkata")))
                .isEqualTo(Instant.parse("2023-01-31T18:30:00Z"));
        assertThat(EnergyApi.monthStart(YearMonth.of(2023, 4), ZoneId.of("Europe/Warsaw")))
                .isEqualTo(Instant.parse("2023-03-31T22:00:00Z"));
    }

    @Test
    void eachMonthIsItsLinearShareAndTheTwelveMonthsAreTheYear() {
        importTheYear();
        Map<String, List<Long>> reported = new HashMap<>();
        Map<String, List<Long>> worked = new HashMap<>();
        for (int m = 1; m <= 12; m++) {
            YearMonth month = YEAR.atMonth(m);
            JsonPath report = EnergyApi.report(month.toString());
            for (Map.Entry<String, ZoneId> circuit : zones.entrySet()) {
                Map<String, Object> line = report.getMap("circuits.find { it.circuit == '"
                        + e.circuitName(circuit.getKey()) + "' }");
                assertThat(line).isNotNull().containsEntry("timezone", circuit.getValue().getId())
                        .containsEntry("status", "final").containsEntry("unmetered", List.of());
                long mwh = ((Number) line.get("energy_mwh")).longValue();
                assertThat(line.get("energy_wh")).isEqualTo(EnergyApi.wh(mwh));
                reported.computeIfAbsent(circuit.getKey(), k -> new ArrayList<>()).add(mwh);
                worked.computeIfAbsent(circuit.getKey(), k -> new ArrayList<>())
                        .add(expected.get(circuit.getKey()).month(month, circuit.getValue()));
            }
        }
        for (String circuit : zones.keySet()) {
            assertThat(reported.get(circuit)).as("the twelve months of %s", circuit).isEqualTo(worked.get(circuit));
            assertThat(reported.get(circuit).stream().mapToLong(Long::longValue).sum()).as("the year of %s", circuit)
                    .isEqualTo(movement.get(circuit)).isEqualTo(expected.get(circuit).total());
        }
        // the months before and after the year hold nothing
        for (String circuit : zones.keySet()) {
            assertThat(e.mwh("2022-12", circuit)).isZero();
            assertThat(e.mwh("2024-01", circuit)).isZero();
        }
    }

    @Test
    void theCsvReportIsTheJsonReportInKilowattHoursRoundedHalfEven() {
        importTheYear();
        for (String month : List.of("2023-03", "2023-10")) {
            JsonPath json = EnergyApi.report(month);
            String csv = EnergyApi.api().accept("text/csv").queryParam("month", month).get("/api/reports/monthly")
                    .then().statusCode(200).contentType(org.hamcrest.Matchers.containsString("text/csv"))
                    .extract().asString();
            List<String> rows = csv.lines().toList();
            assertThat(rows.get(0)).startsWith("circuit,month,timezone,energy_kwh,energy_wh,");
            for (String circuit : zones.keySet()) {
                String name = e.circuitName(circuit);
                Map<String, Object> line = json.getMap("circuits.find { it.circuit == '" + name + "' }");
                long mwh = ((Number) line.get("energy_mwh")).longValue();
                List<String[]> matching = rows.stream().filter(r -> r.startsWith(name + ",")).map(r -> r.split(","))
                        .toList();
                assertThat(matching).hasSize(1);
                String[] row = matching.get(0);
                assertThat(row[1]).isEqualTo(month);
                assertThat(row[2]).isEqualTo(zones.get(circuit).getId());
                assertThat(row[3]).isEqualTo(new BigDecimal((String) line.get("energy_wh")).movePointLeft(3)
                        .setScale(3, RoundingMode.HALF_EVEN).toPlainString());
                assertThat(row[3]).isEqualTo(BigDecimal.valueOf(mwh, 6).setScale(3, RoundingMode.HALF_EVEN)
                        .toPlainString());
                assertThat(row[4]).isEqualTo(line.get("energy_wh"));
            }
        }
    }

    @Test
    void csvKilowattHoursRoundHalfToEven() {
        // 1000.5 Wh is 1.0005 kWh -> 1.000 (half-up would print 1.001); 1001.5 Wh -> 1.002; 2.5 Wh -> 0.002
        Map<String, String> cases = Map.of("half-even/down", "1000.5", "half-even/up", "1001.5", "half-even/tiny", "2.5");
        Map<String, String> printed = Map.of("half-even/down", "1.000", "half-even/up", "1.002", "half-even/tiny", "0.002");
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> c : cases.entrySet()) {
            String meter = e.device(c.getKey().replace('/', '-'));
            e.circuitOf(c.getKey(), "UTC", meter);
            body.append(ndjson(meter, "2024-06-10T00:00:00Z", "0", "Wh", ""))
                    .append(ndjson(meter, "2024-06-10T01:00:00Z", c.getValue(), "Wh", ""));
        }
        // a circuit name that needs CSV quoting
        String quoted = "csv, \"quoted\"";
        String meter = e.device("csv-quoted");
        e.circuitOf(quoted, "UTC", meter);
        body.append(ndjson(meter, "2024-06-10T00:00:00Z", "0", "Wh", ""))
                .append(ndjson(meter, "2024-06-10T01:00:00Z", "1.2355", "kWh", ""));
        importNdjson(body.toString());
        e.assignPending();
        String csv = EnergyApi.api().queryParam("month", "2024-06").queryParam("format", "csv")
                .get("/api/reports/monthly").then().statusCode(200).extract().asString();
        for (Map.Entry<String, String> c : printed.entrySet()) {
            String name = e.circuitName(c.getKey());
            assertThat(csv.lines().filter(l -> l.startsWith(name + ",")))
                    .containsExactly(name + ",2024-06,UTC," + c.getValue() + "," + cases.get(c.getKey())
                            + "00,final,0.00,1," + c.getValue());
        }
        String name = "\"" + e.circuitName(quoted).replace("\"", "\"\"") + "\"";
        assertThat(csv.lines().filter(l -> l.startsWith(name + ",")))
                .containsExactly(name + ",2024-06,UTC,1.236,1235.500,final,0.00,1,1.236");
    }
}
