package zmai.fleet.device;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** A meter's energy series read from quarter-hour buckets written straight into the database. */
@QuarkusTest
class DeviceEnergyTest {

    static final String ADMIN = "test-admin-token-0123456789abcdef";

    @Inject
    AgroalDataSource dataSource;

    private final String device = "energy-series-" + Long.toString(System.nanoTime(), 36);

    static RequestSpecification api() {
        return given().auth().oauth2(ADMIN);
    }

    @BeforeEach
    void register() {
        api().contentType(ContentType.JSON).body("{\"id\":\"" + device + "\"}").post("/api/devices")
                .then().statusCode(201);
    }

    private void bucket(String start, long mwh) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO energy_bucket (device_pk, start, mwh)"
                     + " SELECT pk, ?, ? FROM device WHERE id = ?")) {
            s.setTimestamp(1, Timestamp.from(Instant.parse(start)));
            s.setLong(2, mwh);
            s.setString(3, device);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    private JsonPath series(String query) {
        return api().get("/api/devices/{id}/energy?" + query, device).then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, String> interval(String start, String end, String energyWh, String averageW) {
        return Map.of("start", start, "end", end, "energyWh", energyWh, "averageW", averageW);
    }

    @Test
    void hoursSumTheirQuarterHoursAndAnHourWithoutBucketsIsZero() throws Exception {
        bucket("2026-01-10T00:00:00Z", 100_000);
        bucket("2026-01-10T00:15:00Z", 50_000);
        bucket("2026-01-10T02:45:00Z", 1_000);
        bucket("2026-01-10T03:00:00Z", 7_000); // at 'to': outside [from, to)

        JsonPath s = series("from=2026-01-10T00:00:00Z&to=2026-01-10T03:00:00Z&step=h");

        assertThat(s.getString("device")).isEqualTo(device);
        assertThat(s.getString("zone")).isEqualTo("UTC");
        assertThat(s.getString("step")).isEqualTo("h");
        assertThat(s.getString("totalWh")).isEqualTo("151.000");
        assertThat(s.getList("intervals")).containsExactly(
                interval("2026-01-10T00:00:00Z", "2026-01-10T01:00:00Z", "150.000", "150.00"),
                interval("2026-01-10T01:00:00Z", "2026-01-10T02:00:00Z", "0.000", "0.00"),
                interval("2026-01-10T02:00:00Z", "2026-01-10T03:00:00Z", "1.000", "1.00"));
    }

    @Test
    void quarterHoursGiveThePowerOfEachQuarter() throws Exception {
        bucket("2026-01-10T00:15:00Z", 50_000);
        bucket("2026-01-10T00:30:00Z", 123);

        JsonPath s = series("from=2026-01-10&to=2026-01-10T01:00:00Z&step=15m");

        assertThat(s.getList("intervals.energyWh")).containsExactly("0.000", "50.000", "0.123", "0.000");
        // 50 Wh in a quarter hour is 200 W; 0.123 Wh is 0.492 W
        assertThat(s.getList("intervals.averageW")).containsExactly("0.00", "200.00", "0.49", "0.00");
        assertThat(s.getString("totalWh")).isEqualTo("50.123");
    }

    @Test
    void aLocalDayAcrossTheSpringChangeLasts23HoursAndItsPowerIsAveragedOverThem() throws Exception {
        bucket("2026-03-28T22:45:00Z", 4_000);  // 23:45 CET on the 28th
        bucket("2026-03-29T10:00:00Z", 23_000); // the 29th, 23 hours long in Berlin
        bucket("2026-03-29T22:00:00Z", 24_000); // midnight CEST: the 30th

        JsonPath s = series("from=2026-03-28&to=2026-03-31&step=d&zone=Europe/Berlin");

        assertThat(s.getString("zone")).isEqualTo("Europe/Berlin");
        assertThat(s.getList("intervals")).containsExactly(
                interval("2026-03-27T23:00:00Z", "2026-03-28T23:00:00Z", "4.000", "0.17"),
                interval("2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z", "23.000", "1.00"),
                interval("2026-03-29T22:00:00Z", "2026-03-30T22:00:00Z", "24.000", "1.00"));
        assertThat(s.getString("totalWh")).isEqualTo("51.000");
    }

    @Test
    void withoutARangeTheLastDayOrTheLast30DaysAreShownEndingWithTheCurrentStep() {
        Instant before = Instant.now();
        List<Map<String, String>> quarters = series("step=15m").getList("intervals");
        assertThat(quarters).hasSize(96);
        Instant end = Instant.parse(quarters.get(95).get("end"));
        assertThat(end).isAfterOrEqualTo(before).isBefore(before.plus(Duration.ofMinutes(16)));
        assertThat(Instant.parse(quarters.get(0).get("start"))).isEqualTo(end.minus(Duration.ofHours(24)));

        List<Map<String, String>> days = series("step=d&zone=Europe/Berlin").getList("intervals");
        assertThat(days).hasSize(30);
        assertThat(days.get(29).get("end")).matches(".*T2[23]:00:00Z");
    }

    @Test
    void anUnknownDeviceIs404AndBadParametersAre400() {
        api().get("/api/devices/{id}/energy?step=h", device + "-unknown").then().statusCode(404);
        for (String query : List.of("step=1mo", "step=week", "zone=Mars/Olympus", "from=yesterday",
                "from=2026-01-02&to=2026-01-01", "from=2026-01-01&to=2026-01-01",
                "from=2026-01-01&to=2026-07-01&step=15m")) {
            api().get("/api/devices/{id}/energy?" + query, device).then().statusCode(400)
                    .contentType("application/problem+json");
        }
        // 10,000 quarter hours is the most one series holds
        api().get("/api/devices/{id}/energy?from=2026-01-01T00:00:00Z&to=2026-04-15T04:00:00Z&step=15m", device)
                .then().statusCode(200);
    }
}
