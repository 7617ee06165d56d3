package zmai.fleet.energy;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** The import contract end to end: readings in, accounted, summed per circuit and local month. */
@QuarkusTest
class EnergyImportTest {

    static final String ADMIN = "test-admin-token-0123456789abcdef";

    static RequestSpecification api() {
        return given().auth().oauth2(ADMIN);
    }

    private final String run = Long.toString(System.nanoTime(), 36);

    private String device(String name) {
        return "zmai90-" + name + "-" + run;
    }

    private long circuit(String name, String zone) {
        return api().contentType(ContentType.JSON)
                .body(Map.of("name", name + "-" + run, "timezone", zone))
                .post("/api/circuits").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private void assign(long circuit, String device, String from) {
        api().contentType(ContentType.JSON).body("{\"device\":\"" + device + "\",\"from\":\"" + from + "\",\"to\":null}")
                .post("/api/circuits/{id}/assignments", circuit).then().statusCode(201);
    }

    private JsonPath importNdjson(String body) {
        return api().contentType("application/x-ndjson").body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/readings").then().statusCode(200)
                .extract().jsonPath();
    }

    private Map<String, Object> line(String month, String circuit) {
        JsonPath report = api().accept(ContentType.JSON).queryParam("month", month).get("/api/reports/monthly")
                .then().statusCode(200).extract().jsonPath();
        return report.getMap("circuits.find { it.circuit == '" + circuit + "-" + run + "' }");
    }

    private static String ndjson(String device, String ts, Object value, String unit, String extra) {
        String v = value instanceof String ? "\"" + value + "\"" : value.toString();
        return "{\"device\":\"" + device + "\",\"ts\":\"" + ts + "\",\"register\":\"energy_total\",\"value\":" + v
                + ",\"unit\":\"" + unit + "\"" + extra + "}\n";
    }

    @Test
    void aMonthIsTheSumOfItsLocalDaysAndReimportingChangesNothing() {
        String meter = device("rack-a");
        api().contentType(ContentType.JSON).body("{\"id\":\"" + meter + "\",\"quantum\":\"0.1kWh\"}")
                .post("/api/devices").then().statusCode(201);
        long rack = circuit("waw/rack-a", "Europe/Warsaw");
        assign(rack, meter, "2026-02-01T00:00:00+01:00");

        // local midnight of 1 March in Warsaw is 23:00 UTC; the month ends at 22:00 UTC on 31 March (summer time)
        JsonPath first = importNdjson(ndjson(meter, "2026-03-01T00:00:00+01:00", 2300, "0.1kWh", ",\"boot\":17")
                + ndjson(meter, "2026-03-15T12:00:00Z", 2400, "0.1kWh", ",\"boot\":17")
                + ndjson(meter, "2026-03-31T21:00:00Z", "2500", "0.1kWh", ",\"boot\":17"));
        assertThat(first.getInt("accepted")).isEqualTo(3);
        assertThat(first.getInt("rejected")).isZero();
        Map<String, Object> march = line("2026-03", "waw/rack-a");
        assertThat(march).containsEntry("energy_wh", "20000.000").containsEntry("status", "final");

        // the same readings as CSV, other spellings of the same instants and values: all duplicates
        String csv = "ts,device,register,value,unit,boot,reset\n"
                + "2026-02-28T23:00:00.000Z," + meter + ",energy_total,230,kWh,17,\n"
                + "2026-03-15T13:00:00+01:00," + meter + ",energy_total,240.000,kWh,,\n"
                + "2026-03-31T21:00:00Z," + meter + ",energy_total,250000,Wh,17,\n";
        api().contentType("text/csv").body(csv).post("/api/readings").then().statusCode(200)
                .body("accepted", equalTo(0)).body("duplicates", equalTo(3)).body("rejected", equalTo(0));
        assertThat(line("2026-03", "waw/rack-a")).containsEntry("energy_wh", "20000.000");

        api().accept("text/csv").queryParam("month", "2026-03").get("/api/reports/monthly").then().statusCode(200)
                .contentType(containsString("text/csv"))
                .body(containsString("waw/rack-a-" + run + ",2026-03,Europe/Warsaw,20.000,"));
    }

    @Test
    void aLateReadingMovesEnergyBetweenMonthsButNeverChangesTheTotal() {
        String meter = device("late");
        long circuit = circuit("late", "UTC");
        importNdjson(ndjson(meter, "2026-03-01T00:00:00Z", 1000, "Wh", "")
                + ndjson(meter, "2026-05-01T00:00:00Z", 62000, "Wh", ""));
        assign(circuit, meter, "2026-01-01T00:00:00Z");
        // 61 kWh spread evenly over March (31 days) and April (30 days): 1 kWh a day
        assertThat(line("2026-03", "late")).containsEntry("energy_wh", "31000.000");
        assertThat(line("2026-04", "late")).containsEntry("energy_wh", "30000.000");

        // a reading from the middle arrives later: March used less, April more
        importNdjson(ndjson(meter, "2026-04-01T00:00:00Z", 11000, "Wh", ""));
        assertThat(line("2026-03", "late")).containsEntry("energy_wh", "10000.000");
        assertThat(line("2026-04", "late")).containsEntry("energy_wh", "51000.000");

        JsonPath months = api().queryParam("from", "2026-03-01").queryParam("to", "2026-05-01")
                .queryParam("step", "1mo").get("/api/circuits/{id}/energy", circuit).then().statusCode(200)
                .extract().jsonPath();
        assertThat(months.getList("intervals.energyWh", String.class)).containsExactly("10000.000", "51000.000");
        assertThat(months.getString("totalWh")).isEqualTo("61000.000");
        JsonPath days = api().queryParam("from", "2026-04-01").queryParam("to", "2026-05-01").queryParam("step", "1d")
                .get("/api/circuits/{id}/energy", circuit).then().statusCode(200).extract().jsonPath();
        assertThat(days.getList("intervals")).hasSize(30);
        assertThat(days.getList("intervals.energyWh", String.class)).containsOnly("1700.000");
        // the day and hour roll-ups, kept up to date through the late reading, agree with the buckets
        assertThat(rollup(circuit, "d", "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z")).hasSize(30)
                .containsOnly(1_700_000L);
        assertThat(rollup(circuit, "h", "2026-04-10T00:00:00Z", "2026-04-11T00:00:00Z")).hasSize(24)
                .allSatisfy(mwh -> assertThat(mwh).isBetween(70_833L, 70_834L));

        // events are listed in the month of the reading they are about
        JsonPath events = api().queryParam("month", "2026-04").get("/api/devices/{id}/energy-events", meter)
                .then().statusCode(200).extract().jsonPath();
        assertThat(events.getList("kind", String.class)).containsExactly("ACCEPTED");
        assertThat(events.getList("energyWh", String.class)).containsExactly("10000.000");
        assertThat(api().queryParam("month", "2026-03").get("/api/devices/{id}/energy-events", meter).jsonPath()
                .getList("kind", String.class)).containsExactly("BASELINE");
    }

    private static java.util.List<Long> rollup(long circuit, String step, String from, String to) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> Circuit.getEntityManager()
                .createNativeQuery("SELECT mwh FROM circuit_rollup WHERE circuit_pk = ?1 AND step = ?2"
                        + " AND start >= cast(?3 as timestamptz) AND start < cast(?4 as timestamptz) ORDER BY start")
                .setParameter(1, circuit).setParameter(2, step).setParameter(3, from).setParameter(4, to)
                .getResultList().stream().map(n -> ((Number) n).longValue()).toList());
    }

    @jakarta.inject.Inject
    ReadingStore readingStore;

    @Test
    void readingsStoredButNotYetAccountedWhenTheServerStoppedAreAccountedByTheWorker() throws Exception {
        // what an import leaves behind when the server dies between storing a batch and accounting it
        String meter = device("interrupted");
        long circuit = circuit("interrupted", "UTC");
        readingStore.store(java.util.List.of(
                reading(meter, "2026-03-01T00:00:00Z", 1_000_000),
                reading(meter, "2026-03-02T00:00:00Z", 25_000_000)));
        assign(circuit, meter, "2026-01-01T00:00:00Z");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> "24000.000".equals(line("2026-03", "interrupted").get("energy_wh")));
    }

    private static zmai.core.history.HistoryReading reading(String device, String at, long mwh) {
        return new zmai.core.history.HistoryReading(device, ReadingKey.TOTAL, zmai.core.energy.CounterUnit.WH,
                zmai.core.energy.CounterReading.of(java.time.Instant.parse(at), mwh));
    }

    @Test
    void aDeletedDeviceTakesItsReadingsAndItsAccountingWithIt() {
        String meter = device("deleted");
        importNdjson(ndjson(meter, "2026-03-01T00:00:00Z", 5, "kWh", "") + ndjson(meter, "2026-03-01T01:00:00Z", 6, "kWh", ""));
        long pk = count("SELECT pk FROM device WHERE id = ?1", meter);
        assertThat(count("SELECT count(*) FROM energy_reading WHERE device_pk = ?1", pk)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM energy_bucket WHERE device_pk = ?1", pk)).isPositive();
        api().delete("/api/devices/{id}", meter).then().statusCode(204);
        for (String table : new String[]{"energy_reading", "energy_event", "energy_bucket", "energy_checkpoint"}) {
            assertThat(count("SELECT count(*) FROM " + table + " WHERE device_pk = ?1", pk)).as(table).isZero();
        }
    }

    private static long count(String sql, Object parameter) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> ((Number) Circuit.getEntityManager()
                .createNativeQuery(sql).setParameter(1, parameter).getSingleResult()).longValue());
    }

    @Test
    void copiesOfAReadingInBatchesStoredAtOnceAreStoredOnce() {
        // two batches of one import are stored concurrently; here the second holds the first's readings backwards
        StringBuilder forwards = new StringBuilder();
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < ReadingImport.BATCH / 10; i++) {
            for (int m = 0; m < 10; m++) {
                String ts = java.time.Instant.parse("2026-03-01T00:00:00Z").plusSeconds(900L * i).toString();
                lines.add(ndjson(device("copies" + m), ts, i * 100L, "Wh", ""));
            }
        }
        lines.forEach(forwards::append);
        java.util.Collections.reverse(lines);
        JsonPath answer = importNdjson(forwards + String.join("", lines));
        assertThat(answer.getInt("accepted")).isEqualTo(ReadingImport.BATCH);
        assertThat(answer.getInt("duplicates")).isEqualTo(ReadingImport.BATCH);
        assertThat(count("SELECT count(*) FROM energy_reading r JOIN device d ON d.pk = r.device_pk"
                + " WHERE d.id LIKE ?1", "zmai90-copies%-" + run)).isEqualTo(ReadingImport.BATCH);
    }

    @Test
    void badLinesAreNamedAndGoodOnesStored() {
        String meter = device("bad");
        JsonPath answer = importNdjson(ndjson(meter, "2026-03-01T00:00:00Z", 5, "kWh", "")
                + "{not json\n"
                + ndjson(meter, "2026-03-01T01:00:00", 6, "kWh", "")
                + ndjson(meter, "2026-03-01T02:00:00Z", "NaN", "kWh", "")
                + ndjson(meter, "2026-03-01T03:00:00Z", -1, "kWh", "")
                + ndjson(meter, "2026-03-01T04:00:00Z", 7, "MWh", "")
                + ndjson(meter, "2026-03-01T05:00:00Z", 8, "kWh", ""));
        assertThat(answer.getInt("accepted")).isEqualTo(2);
        assertThat(answer.getInt("rejected")).isEqualTo(5);
        assertThat(answer.getList("errors.line", Integer.class)).containsExactly(2, 3, 4, 5, 6);
        assertThat(answer.getList("errors.message", String.class)).allSatisfy(m -> assertThat(m).isNotBlank());
    }

    @Test
    void aMeterCannotMeasureTwoCircuitsAtOnce() {
        String meter = device("twice");
        importNdjson(ndjson(meter, "2026-03-01T00:00:00Z", 5, "kWh", ""));
        long a = circuit("a", "UTC");
        long b = circuit("b", "UTC");
        api().contentType(ContentType.JSON).body("{\"device\":\"" + meter + "\",\"from\":\"2026-01-01T00:00:00Z\","
                + "\"to\":\"2026-06-01T00:00:00Z\"}").post("/api/circuits/{id}/assignments", a).then().statusCode(201);
        api().contentType(ContentType.JSON).body("{\"device\":\"" + meter + "\",\"from\":\"2026-05-01T00:00:00Z\"}")
                .post("/api/circuits/{id}/assignments", b).then().statusCode(409)
                .contentType(containsString("application/problem+json"))
                .body("detail", containsString("already assigned"));
        api().contentType(ContentType.JSON).body("{\"device\":\"" + meter + "\",\"from\":\"2026-06-01T00:00:00Z\"}")
                .post("/api/circuits/{id}/assignments", b).then().statusCode(201);
    }
}
