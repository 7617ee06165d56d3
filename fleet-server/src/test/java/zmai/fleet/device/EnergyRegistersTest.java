package zmai.fleet.device;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import zmai.core.meter.MacAddress;
import zmai.fleet.VirtualMeters;
import zmai.fleet.tracking.DeviceTracker;
import zmai.meter.virtual.LoadProfile;
import zmai.meter.virtual.MeterConfig;
import zmai.meter.virtual.MeterConnection;
import zmai.meter.virtual.MeterFlags;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static zmai.fleet.device.DeviceTrackingTest.WAIT;
import static zmai.fleet.device.DeviceTrackingTest.api;

/**
 * Every way a ZMAi-90 on OpenBeken publishes its energy total, through the real Mosquitto and PostgreSQL, read
 * back from the API: energycounter in kWh (flag 40), told by the device's discovery config or by an operator,
 * and a channel register with a divider.
 */
@QuarkusTest
class EnergyRegistersTest {

    /** 5 kWh in the meter's flash: read as Wh by mistake it would be 5 Wh. */
    private static final long INITIAL_MWH = 5_000_000L;

    private final VirtualMeters meters = new VirtualMeters();

    @AfterEach
    void stopMeters() throws Exception {
        meters.close();
    }

    private MeterConnection flag40Meter(MacAddress mac, long seed) throws Exception {
        // 300 W on a firmware clock ten times fast looks like 3 kW to the server: a plausible load
        return meters.start(MeterConfig.defaults(mac, VirtualMeters.BUILD, LoadProfile.constant(300, 1), seed)
                .withFlags(Set.of(MeterFlags.ENERGY_IN_KWH)).withInitialEnergy(INITIAL_MWH));
    }

    private static String discoveryConfig(String topic, String unit) {
        return "{\"~\":\"" + topic + "\",\"name\":\"energy\",\"stat_t\":\"~/energycounter/get\","
                + "\"avty_t\":\"~/connected\",\"dev_cla\":\"energy\",\"stat_cla\":\"total_increasing\","
                + "\"unit_of_meas\":\"" + unit + "\"}";
    }

    @Test
    void aFlag40MeterWhoseDiscoveryConfigSaysKilowattHoursIsAccountedInKilowattHours() throws Exception {
        MacAddress mac = VirtualMeters.uniqueMac();
        MeterConfig config = MeterConfig.defaults(mac, VirtualMeters.BUILD, LoadProfile.constant(300, 1), 21);
        VirtualMeters.publish("homeassistant/sensor/OpenBK7231N_" + config.topic() + "_energy/config",
                discoveryConfig(config.topic().value(), "kWh"));
        MeterConnection meter = flag40Meter(mac, 21);
        String id = DeviceTracker.idFor(mac);

        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> countedMwh(id) > 5_000);
        meter.close();
        awaitSettled(id);

        List<Map<String, Object>> epochs = check(id).getList("epochs");
        assertThat(epochs).singleElement().satisfies(e -> assertThat(e.get("consistent")).isEqualTo(true));
        assertThat(firstTotalMwh(id)).as("the counter's 5 kWh, read in kWh")
                .isBetween(INITIAL_MWH, INITIAL_MWH + 100_000L);
        api().get("/api/devices/{id}", id).then().statusCode(200)
                .body("energy.energycounterUnit", equalTo("kWh")).body("energy.unitFrom", equalTo("device"));
    }

    @Test
    void anOperatorSettingKilowattHoursStartsANewBaselineInsteadOfCountingTheMisreadCounter() throws Exception {
        MacAddress mac = VirtualMeters.uniqueMac();
        MeterConnection meter = flag40Meter(mac, 22);
        String id = DeviceTracker.idFor(mac);
        // read as Wh, the counter moves by mWh only: two readings at least
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> totalReadings(id) >= 2);

        api().contentType(ContentType.JSON).body("{\"energy\": {\"energycounterUnit\": \"kWh\"}}")
                .patch("/api/devices/{id}", id).then().statusCode(200)
                .body("energy.energycounterUnit", equalTo("kWh")).body("energy.unitFrom", equalTo("operator"));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> {
            List<Map<String, Object>> epochs = check(id).getList("epochs");
            return epochs.size() == 2 && mwh(epochs.get(1).get("countedWh")) > 5_000;
        });
        meter.close();
        awaitSettled(id);

        JsonPath check = check(id);
        assertThat(check.getMap("decisions")).containsKey("RESET");
        List<Map<String, Object>> epochs = check.getList("epochs");
        assertThat(epochs).allSatisfy(e -> assertThat(e.get("consistent")).isEqualTo(true));
        // the step from "5 Wh" to 5 kWh is not energy: what counts is what the meter moved on either side of it
        assertThat(epochs.stream().mapToLong(e -> mwh(e.get("countedWh"))).sum()).isLessThan(1_000_000L);
        assertThat(history(id)).contains("ENERGY_SETTINGS_CHANGED", "ENERGY_REBASELINED");
    }

    @Test
    void aChannelRegisterWithADividerIsTheBilledTotalAndEnergycounterIsNotCountedBesideIt() throws Exception {
        MacAddress mac = VirtualMeters.uniqueMac();
        String topic = "tuya-" + Long.toString(System.nanoTime(), 36);
        String id = DeviceTracker.idFor(mac);
        VirtualMeters.publish(topic + "/mac", mac.value());
        await().atMost(WAIT).until(() -> api().get("/api/devices/{id}", id).statusCode() == 200);

        // what an operator can get wrong is refused with the reason
        for (String bad : List.of("{\"energy\": {\"channel\": {\"number\": 3, \"divider\": 3, \"unit\": \"kWh\"}}}",
                "{\"energy\": {\"channel\": {\"number\": 3, \"unit\": \"MWh\"}}}",
                "{\"energy\": {\"energycounterUnit\": \"0.1kWh\"}}",
                "{\"energy\": {\"divider\": 10}}")) {
            api().contentType(ContentType.JSON).body(bad).patch("/api/devices/{id}", id).then().statusCode(400)
                    .contentType("application/problem+json").body("detail", containsString("energy"));
        }
        api().contentType(ContentType.JSON).body("{\"energy\": {\"energycounterUnit\": \"kWh\"}}")
                .patch("/api/devices/{id}", "no-such-" + topic).then().statusCode(404);
        api().contentType(ContentType.JSON)
                .body("{\"energy\": {\"channel\": {\"number\": 3, \"divider\": 10, \"unit\": \"kWh\"}}}")
                .patch("/api/devices/{id}", id).then().statusCode(200)
                .body("energy.channel.number", equalTo(3)).body("energy.channel.divider", equalTo(10))
                .body("energy.channel.unit", equalTo("kWh"));

        // 1234.5 kWh, then three steps of 0.1 kWh; the device's own counter jumps about and is only kept
        VirtualMeters.publish(topic + "/3/get", "12345");
        VirtualMeters.publish(topic + "/energycounter/get", "5000");
        VirtualMeters.publish(topic + "/3/get", "12346");
        VirtualMeters.publish(topic + "/energycounter/get", "9000");
        VirtualMeters.publish(topic + "/3/get", "12347");
        VirtualMeters.publish(topic + "/3/get", "12348");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> countedMwh(id) == 300_000L);
        awaitSettled(id);

        assertThat(check(id).getList("epochs", Map.class)).singleElement()
                .satisfies(e -> assertThat(e.get("countedWh")).isEqualTo("300.000"));
        assertThat(firstTotalMwh(id)).isEqualTo(1_234_500_000L);

        // back to energycounter: no channel, and the counter read in Wh is a new baseline, not a fall of 1234 kWh
        api().contentType(ContentType.JSON).body("{\"energy\": {\"channel\": null}}")
                .patch("/api/devices/{id}", id).then().statusCode(200).body("energy.channel", nullValue());
        VirtualMeters.publish(topic + "/energycounter/get", "9100");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> check(id).getMap("decisions").containsKey("RESET"));
        awaitSettled(id);
        assertThat(countedMwh(id)).isEqualTo(300_000L);
    }

    private static JsonPath check(String id) {
        return api().queryParam("month", YearMonth.now(ZoneOffset.UTC).toString())
                .get("/api/devices/{id}/energy-check", id).then().statusCode(200).extract().jsonPath();
    }

    /** Energy counted for the device this month, from its cross-check. */
    private static long countedMwh(String id) {
        List<Map<String, Object>> epochs = check(id).getList("epochs");
        return epochs.stream().mapToLong(e -> mwh(e.get("countedWh"))).sum();
    }

    private static long mwh(Object wattHours) {
        return new BigDecimal(wattHours.toString()).movePointRight(3).longValueExact();
    }

    /** The accountant runs a little behind the readings: waits until it has caught up. */
    private static void awaitSettled(String id) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> ((Number) Device.getEntityManager().createNativeQuery("SELECT count(*) FROM accounting_due"
                        + " a JOIN device d ON d.pk = a.device_pk WHERE d.id = ?1").setParameter(1, id)
                        .getSingleResult()).longValue() == 0));
    }

    private static long totalReadings(String id) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) Device.getEntityManager()
                .createNativeQuery("SELECT count(*) FROM energy_reading r JOIN device d ON d.pk = r.device_pk"
                        + " WHERE d.id = ?1 AND r.register = 'energy_total'").setParameter(1, id)
                .getSingleResult()).longValue());
    }

    private static long firstTotalMwh(String id) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) Device.getEntityManager()
                .createNativeQuery("SELECT value_mwh FROM energy_reading r JOIN device d ON d.pk = r.device_pk"
                        + " WHERE d.id = ?1 AND r.register = 'energy_total' ORDER BY at LIMIT 1").setParameter(1, id)
                .getSingleResult()).longValue());
    }

    private static List<String> history(String id) {
        return api().get("/api/devices/{id}/history", id).then().statusCode(200).extract().jsonPath()
                .getList("kind", String.class);
    }
}
