package zmai.fleet.energy;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test support for the energy import contract, in the style of {@link EnergyImportTest}: one instance per test
 * class instance, every device id and circuit name suffixed with a run id so that tests never share data in the
 * database that persists across the test classes of one run. Expected energies are computed here independently
 * of the server (see {@link Expected}).
 */
public final class EnergyApi {

    static final String ADMIN = "test-admin-token-0123456789abcdef";

    final String run = Long.toString(System.nanoTime(), 36);

    static RequestSpecification api() {
        return given().auth().oauth2(ADMIN);
    }

    String device(String name) {
        return "zmai90-" + name + "-" + run;
    }

    String circuitName(String name) {
        return name + "-" + run;
    }

    /** Declares a device with its counter quantum before any reading arrives. */
    void declareDevice(String device, String quantum) {
        api().contentType(ContentType.JSON).body("{\"id\":\"" + device + "\",\"quantum\":\"" + quantum + "\"}")
                .post("/api/devices").then().statusCode(201);
    }

    long circuit(String name, String zone) {
        return api().contentType(ContentType.JSON)
                .body(Map.of("name", circuitName(name), "timezone", zone))
                .post("/api/circuits").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    /** Assigns {@code device} to {@code circuit} over [from, to) and answers the assignment's id. */
    long assign(long circuit, String device, String from, String to) {
        return api().contentType(ContentType.JSON).body("{\"device\":\"" + device + "\",\"from\":\"" + from
                        + "\",\"to\":" + (to == null ? "null" : "\"" + to + "\"") + "}")
                .post("/api/circuits/{id}/assignments", circuit).then().statusCode(201).extract().jsonPath()
                .getLong("id");
    }

    private final List<Map.Entry<Long, String>> unassigned = new ArrayList<>();

    /**
     * A circuit of its own in {@code zone}, measured by {@code device} since long before any test data. The
     * assignment is made just before the first report is asked for, since a device must exist (be declared or
     * have sent a reading) before it can be assigned, and the test's import creates it.
     */
    long circuitOf(String name, String zone, String device) {
        long circuit = circuit(name, zone);
        unassigned.add(Map.entry(circuit, device));
        return circuit;
    }

    void assignPending() {
        for (Map.Entry<Long, String> a : unassigned) {
            assign(a.getKey(), a.getValue(), "2020-01-01T00:00:00Z", null);
        }
        unassigned.clear();
    }

    public static JsonPath importNdjson(String body) {
        return api().contentType("application/x-ndjson").body(body.getBytes(StandardCharsets.UTF_8))
                .post("/api/readings").then().statusCode(200).extract().jsonPath();
    }

    static JsonPath importCsv(String body) {
        return api().contentType("text/csv").body(body.getBytes(StandardCharsets.UTF_8))
                .post("/api/readings").then().statusCode(200).extract().jsonPath();
    }

    static void assertImport(JsonPath answer, int accepted, int duplicates, int rejected) {
        assertThat(List.of(answer.getInt("accepted"), answer.getInt("duplicates"), answer.getInt("rejected")))
                .as("accepted, duplicates, rejected of %s", answer.prettify())
                .containsExactly(accepted, duplicates, rejected);
    }

    public static JsonPath report(String month) {
        return api().accept(ContentType.JSON).queryParam("month", month).get("/api/reports/monthly")
                .then().statusCode(200).extract().jsonPath();
    }

    /** The report line of one of this run's circuits. */
    Map<String, Object> line(String month, String circuit) {
        assignPending();
        Map<String, Object> line = report(month).getMap("circuits.find { it.circuit == '" + circuitName(circuit) + "' }");
        assertThat(line).as("report line of %s in %s", circuit, month).isNotNull();
        return line;
    }

    /** A circuit's energy in a month, in mWh, checked against the exact watt-hour text of the same line. */
    long mwh(String month, String circuit) {
        Map<String, Object> line = line(month, circuit);
        long mwh = ((Number) line.get("energy_mwh")).longValue();
        assertThat(line.get("energy_wh")).isEqualTo(BigDecimal.valueOf(mwh, 3).toPlainString());
        return mwh;
    }

    /** One NDJSON line; {@code value} is written as a JSON string when it is a {@link String}. */
    public static String ndjson(String device, String ts, Object value, String unit, String extra) {
        String v = value instanceof String ? "\"" + value + "\"" : value.toString();
        return "{\"device\":\"" + device + "\",\"ts\":\"" + ts + "\",\"register\":\"energy_total\",\"value\":" + v
                + ",\"unit\":\"" + unit + "\"" + extra + "}\n";
    }

    /** An exact mWh value as watt-hours with three decimals, e.g. {@code 1234.567}. */
    static String wh(long mwh) {
        return BigDecimal.valueOf(mwh, 3).toPlainString();
    }

    static long kwh(String kwh) {
        return new BigDecimal(kwh).movePointRight(6).longValueExact();
    }

    /** A month of a zone as [local midnight of the 1st, local midnight of the next 1st). */
    static Instant monthStart(YearMonth month, ZoneId zone) {
        return month.atDay(1).atStartOfDay(zone).toInstant();
    }

    /**
     * The independent model of what a circuit should be billed: the counted increases, each spread linearly over
     * [from, to] with the running total rounded down (the energy up to instant m is floor(E × (m − from) / span)).
     * Month edges are quarter hours, so the share of a month is a difference of two such floors.
     */
    static final class Expected {
        record Increase(long mwh, Instant from, Instant to) {
        }

        final List<Increase> increases = new ArrayList<>();

        Expected add(long mwh, Instant from, Instant to) {
            increases.add(new Increase(mwh, from, to));
            return this;
        }

        long total() {
            return increases.stream().mapToLong(Increase::mwh).sum();
        }

        long between(Instant start, Instant end) {
            long sum = 0;
            for (Increase i : increases) {
                sum += upTo(i, end) - upTo(i, start);
            }
            return sum;
        }

        long month(YearMonth month, ZoneId zone) {
            return between(monthStart(month, zone), monthStart(month.plusMonths(1), zone));
        }

        static long upTo(Increase i, Instant m) {
            if (!m.isAfter(i.from)) {
                return 0;
            }
            if (!m.isBefore(i.to)) {
                return i.mwh;
            }
            return BigInteger.valueOf(i.mwh).multiply(BigInteger.valueOf(Duration.between(i.from, m).toNanos()))
                    .divide(BigInteger.valueOf(Duration.between(i.from, i.to).toNanos())).longValueExact();
        }
    }
}
