package zmai.fleet.device;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import zmai.core.meter.DeviceTopic;
import zmai.fleet.VirtualMeters;
import zmai.fleet.tracking.DeviceTracker;
import zmai.meter.virtual.LoadProfile;
import zmai.meter.virtual.MeterConfig;
import zmai.meter.virtual.MeterConnection;
import zmai.meter.virtual.MeterFlags;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Virtual meters on the real Mosquitto, tracked by the server into the real PostgreSQL, seen through the API. */
@QuarkusTest
class DeviceTrackingTest {

    static final String ADMIN = "test-admin-token-0123456789abcdef";
    static final Duration WAIT = Duration.ofSeconds(30);

    private final VirtualMeters meters = new VirtualMeters();

    @AfterEach
    void stopMeters() throws Exception {
        meters.close();
    }

    static RequestSpecification api() {
        return given().auth().oauth2(ADMIN).accept(ContentType.JSON);
    }

    static Map<String, Object> device(String id) {
        return api().get("/api/devices/{id}", id).then().statusCode(200).extract().jsonPath().getMap("$");
    }

    static String idOf(MeterConnection meter) {
        return DeviceTracker.idFor(meter.meter().mac());
    }

    private static Map<String, Object> awaitDevice(String id, java.util.function.Predicate<Map<String, Object>> ok) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            var response = api().get("/api/devices/{id}", id);
            return response.statusCode() == 200 ? response.jsonPath().getMap("$") : Map.<String, Object>of();
        }, d -> !d.isEmpty() && ok.test(d));
    }

    private static List<String> historyKinds(String id) {
        return api().get("/api/devices/{id}/history", id).then().statusCode(200).extract().jsonPath()
                .getList("kind", String.class);
    }

    @Test
    void aMeterIsDiscoveredByItsMacWithFirmwareAndLiveValues() throws Exception {
        MeterConnection meter = meters.start();
        String id = idOf(meter);
        Map<String, Object> d = awaitDevice(id, m -> Boolean.TRUE.equals(m.get("online")) && m.get("power") != null
                && m.get("ip") != null && m.get("uptimeSeconds") != null);

        assertThat(d.get("topic")).isEqualTo(meter.meter().topic().value());
        assertThat(d.get("mac")).isEqualTo(meter.meter().mac().value());
        assertThat(d).extractingByKey("firmware").satisfies(f -> assertThat(asMap(f))
                .containsEntry("version", "1.18.288").containsEntry("chip", "BK7231N"));
        assertThat(((Number) d.get("power")).doubleValue()).isBetween(55.0, 65.0);
        assertThat(historyKinds(id)).contains("DISCOVERED", "ONLINE");
    }

    @Test
    void liveEnergyCounterReadingsAreAccountedIntoBucketsThatSumToTheCounterMovement() throws Exception {
        // 300 W on a firmware clock ten times fast looks like 3 kW to the server: still a plausible load
        MeterConnection meter = meters.start(MeterConfig.defaults(VirtualMeters.uniqueMac(), VirtualMeters.BUILD,
                LoadProfile.constant(300, 1), 11));
        String id = idOf(meter);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> liveAccounting(id)[1] > 5_000);
        meter.close();
        // the accountant runs a little behind the readings: compare once the meter is quiet
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> {
            long[] now = liveAccounting(id);
            return now[0] == now[1];
        });
        assertThat(liveAccounting(id)[0]).isPositive();
    }

    @Test
    void anEnergyCounterResetSentThroughTheApiIsAccountedAsAResetNotAsLostOrNewEnergy() throws Exception {
        MeterConnection meter = meters.start(MeterConfig.defaults(VirtualMeters.uniqueMac(), VirtualMeters.BUILD,
                LoadProfile.constant(300, 1), 12).withInitialEnergy(5_000_000));
        String id = idOf(meter);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> liveAccounting(id)[1] > 3_000);
        // a reset is known by a clear date that changes: the server must have seen the first one
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> clearDateSeen(id));
        api().contentType(ContentType.JSON).body("{\"command\": \"EnergyCntReset\"}")
                .post("/api/devices/{id}/commands", id).then().statusCode(202);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> energyEventKinds(id).contains("RESET"));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> liveAccounting(id)[0] > 0
                && energyEventKinds(id).stream().filter("ACCEPTED"::equals).count() > 3);
        meter.close();
        // the 5 kWh the counter held before the reset were never energy of this period, and nothing is invented:
        // what is counted is the movement before the reset plus the movement after it
        assertThat(historyKinds(id)).contains("ENERGY_RESET");
        assertThat(liveAccounting(id)[0]).isLessThan(5_000_000);
    }

    @Test
    void aPowerCutRewindsTheCounterToItsLastSaveAndTheRewindCountsNothing() throws Exception {
        // OpenBeken keeps the counter in RAM and saves it to flash every 10 Wh: a power cut loses what was unsaved
        MeterConnection meter = meters.start(MeterConfig.defaults(VirtualMeters.uniqueMac(), VirtualMeters.BUILD,
                LoadProfile.constant(300, 1), 13));
        String id = idOf(meter);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
            long saved = meter.meter().savedEnergyMilliWh();
            long unsaved = meter.meter().energyMilliWh() - saved;
            // the server holds a reading the flash does not, and no save is due before the cut
            return highestReading(id) > saved + 1_000 && unsaved < 6_000;
        });
        meter.powerCut();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> energyEventKinds(id).contains("REWIND"));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> readingsAfterLastDrop(id) > 3);
        meter.close();
        // counted: every rise of the counter, before the cut and after it; the drop and the re-climb through
        // values already seen before the cut are not a loss or a gain of the server's making
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> liveAccounting(id)[0] == sumOfRises(id));
        assertThat(sumOfRises(id)).isLessThan(liveAccounting(id)[1] + 10_000).isPositive();
        assertThat(energyEventKinds(id)).doesNotContain("RESET");
    }

    private static List<Long> totalReadings(String id) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> Device.getEntityManager()
                .createNativeQuery("SELECT r.value_mwh FROM energy_reading r JOIN device d ON d.pk = r.device_pk"
                        + " WHERE d.id = ?1 AND r.register = 'energy_total' ORDER BY r.at")
                .setParameter(1, id).getResultList().stream().map(n -> ((Number) n).longValue()).toList());
    }

    private static long highestReading(String id) {
        return totalReadings(id).stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static long sumOfRises(String id) {
        List<Long> values = totalReadings(id);
        long rises = 0;
        for (int i = 1; i < values.size(); i++) {
            rises += Math.max(0, values.get(i) - values.get(i - 1));
        }
        return rises;
    }

    private static int readingsAfterLastDrop(String id) {
        List<Long> values = totalReadings(id);
        int after = 0;
        for (int i = 1; i < values.size(); i++) {
            after = values.get(i) < values.get(i - 1) ? 0 : after + 1;
        }
        return after;
    }

    private static boolean clearDateSeen(String id) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> Device.getEntityManager()
                .createNativeQuery("SELECT count(*) FROM device WHERE id = ?1 AND energy_cleared_at IS NOT NULL")
                .setParameter(1, id).getSingleResult().toString().equals("1"));
    }

    private List<String> energyEventKinds(String id) {
        String month = java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString();
        return api().queryParam("month", month).get("/api/devices/{id}/energy-events", id).then().statusCode(200)
                .extract().jsonPath().getList("kind", String.class);
    }

    @Test
    void liveReadingsAndAnImportForTheSameMeterAtOnceAreEachAccountedOnce() throws Exception {
        MeterConnection meter = meters.start(MeterConfig.defaults(VirtualMeters.uniqueMac(), VirtualMeters.BUILD,
                LoadProfile.constant(300, 1), 13).withInitialEnergy(50_000_000));
        String id = idOf(meter);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> liveAccounting(id)[1] > 0);
        // yesterday's history of the same meter, from another system, while it keeps publishing
        StringBuilder history = new StringBuilder();
        java.time.Instant start = java.time.Instant.now().minus(Duration.ofDays(1)).truncatedTo(
                java.time.temporal.ChronoUnit.HOURS);
        for (int i = 0; i <= 12; i++) {
            history.append("{\"device\":\"").append(id).append("\",\"ts\":\"").append(start.plusSeconds(3600L * i))
                    .append("\",\"register\":\"energy_total\",\"value\":").append(40_000 + 100 * i)
                    .append(",\"unit\":\"Wh\"}\n");
        }
        api().contentType("application/x-ndjson").body(history.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/readings").then().statusCode(200).body("accepted", org.hamcrest.Matchers.equalTo(13));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> liveAccounting(id)[1] > 10_000_000);
        meter.close();
        // 1.2 kWh over the imported 12 hours, then the climb to the live counter, then what the meter counted live:
        // every accepted decision's energy is in the buckets exactly once
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> {
            long[] now = liveAccounting(id);
            return now[0] == now[1];
        });
        assertThat(liveAccounting(id)[0]).as("energy in the buckets").isEqualTo(liveCounter(meter) - 40_000_000);
    }

    private static long liveCounter(MeterConnection meter) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> ((Number) Device.getEntityManager()
                .createNativeQuery("SELECT max(value_mwh) FROM energy_reading r JOIN device d ON d.pk = r.device_pk"
                        + " WHERE d.id = ?1 AND r.register = 'energy_total'")
                .setParameter(1, idOf(meter)).getSingleResult()).longValue());
    }

    /** {bucket energy, last counter value minus first}, both in mWh, for one device's live readings. */
    private long[] liveAccounting(String id) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> {
            var em = Device.getEntityManager();
            Number buckets = (Number) em.createNativeQuery("SELECT coalesce(sum(b.mwh), 0) FROM energy_bucket b"
                    + " JOIN device d ON d.pk = b.device_pk WHERE d.id = ?1").setParameter(1, id).getSingleResult();
            Number movement = (Number) em.createNativeQuery("SELECT coalesce(max(value_mwh) - min(value_mwh), 0)"
                    + " FROM energy_reading r JOIN device d ON d.pk = r.device_pk WHERE d.id = ?1"
                    + " AND r.register = 'energy_total'").setParameter(1, id).getSingleResult();
            return new long[]{buckets.longValue(), movement.longValue()};
        });
    }

    @Test
    void aPowerCutShowsOfflineFromTheWillAndTheBootAsAReboot() throws Exception {
        // flag 2: the heartbeat republishes uptime every minute, so the server sees it grow
        MeterConnection meter = meters.start(MeterConfig.defaults(VirtualMeters.uniqueMac(), VirtualMeters.BUILD,
                LoadProfile.constant(60, 1), 7).withFlags(Set.of(MeterFlags.HEARTBEAT)));
        String id = idOf(meter);
        awaitDevice(id, m -> Boolean.TRUE.equals(m.get("online")) && m.get("uptimeSeconds") != null
                && ((Number) m.get("uptimeSeconds")).longValue() > 20);

        meter.powerCut();
        awaitDevice(id, m -> Boolean.FALSE.equals(m.get("online")));
        Map<String, Object> back = awaitDevice(id, m -> Boolean.TRUE.equals(m.get("online"))
                && ((Number) m.get("reboots")).intValue() == 1);
        assertThat(((Number) back.get("uptimeSeconds")).longValue()).isLessThan(60);
        assertThat(historyKinds(id)).contains("OFFLINE", "REBOOT");
    }

    @Test
    void aMeterWhoseTopicIsRenamedStaysTheSameDevice() throws Exception {
        MeterConfig config = MeterConfig.defaults(VirtualMeters.uniqueMac(), VirtualMeters.BUILD,
                LoadProfile.constant(60, 1), 7);
        MeterConnection before = meters.start(config);
        String id = idOf(before);
        awaitDevice(id, m -> Boolean.TRUE.equals(m.get("online")));
        before.close();

        String renamed = "rack-a-" + config.topic().value();
        meters.start(config.withTopic(new DeviceTopic(renamed)));
        awaitDevice(id, m -> renamed.equals(m.get("topic")) && Boolean.TRUE.equals(m.get("online")));
        assertThat(historyKinds(id)).contains("TOPIC_CHANGED");
        api().get("/api/devices/{id}", DeviceTracker.PROVISIONAL_PREFIX + renamed).then().statusCode(404);
    }

    @Test
    void twoMetersSharingOneClientIdAreBothFlagged() throws Exception {
        MeterConfig first = MeterConfig.defaults(VirtualMeters.uniqueMac(), VirtualMeters.BUILD,
                LoadProfile.constant(60, 1), 7);
        MeterConfig twin = MeterConfig.defaults(VirtualMeters.uniqueMac(), VirtualMeters.BUILD,
                LoadProfile.constant(30, 1), 8).withTopic(first.topic());
        meters.start(first);
        meters.start(twin);
        String firstId = DeviceTracker.idFor(first.mac());
        String twinId = DeviceTracker.idFor(twin.mac());
        awaitDevice(firstId, m -> m.get("conflict") != null);
        Map<String, Object> other = awaitDevice(twinId, m -> m.get("conflict") != null);
        assertThat((String) other.get("conflict")).contains(first.topic().value()).contains(first.mac().value());
        assertThat(historyKinds(twinId)).contains("CONFLICT");
    }

    @Test
    void theRelayIsSwitchedThroughMqttAndTheCommandIsAudited() throws Exception {
        MeterConnection meter = meters.start();
        String id = idOf(meter);
        awaitDevice(id, m -> Boolean.TRUE.equals(m.get("online")));
        assertThat(meter.meter().relayOn()).isTrue();

        api().contentType(ContentType.JSON).body("{\"on\": false}").post("/api/devices/{id}/relay", id)
                .then().statusCode(202)
                .body("topic", equalTo("cmnd/" + meter.meter().topic() + "/POWER"))
                .body("payload", equalTo("OFF"));
        await().atMost(WAIT).until(() -> !meter.meter().relayOn());
        awaitDevice(id, m -> Boolean.FALSE.equals(m.get("relayOn")));
        assertThat(CommandAudit.<CommandAudit>list("deviceId", id)).singleElement().satisfies(a -> {
            assertThat(a.payload).isEqualTo("OFF");
            assertThat(a.actor).isNotBlank();
        });
    }

    @Test
    void aMalformedPayloadIsCountedAndDisturbsNothing() throws Exception {
        MeterConnection meter = meters.start();
        String id = idOf(meter);
        awaitDevice(id, m -> m.get("voltage") != null);
        double rejectedBefore = rejectedMessages();

        String topic = meter.meter().topic().value();
        VirtualMeters.publish(topic + "/voltage", "two hundred and thirty");
        VirtualMeters.publish(topic + "/uptime", "-5");
        VirtualMeters.publish(topic + "/build", "\u0000\u0001garbage");
        await().atMost(WAIT).until(() -> rejectedMessages() >= rejectedBefore + 3);

        Map<String, Object> d = device(id);
        assertThat(((Number) d.get("voltage")).doubleValue()).isBetween(200.0, 260.0);
        assertThat(d).extractingByKey("firmware").satisfies(f -> assertThat(asMap(f))
                .containsEntry("version", "1.18.288"));
    }

    @Test
    void devicesAreFilteredSortedAndPaged() throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        for (int i = 0; i < 5; i++) {
            String topic = "list-" + run + "-" + i;
            VirtualMeters.publish(topic + "/mac", macFor(run, i));
            VirtualMeters.publish(topic + "/build", "OpenBK7231N 1.18." + (280 + i % 2) + " Mar  1 2025 10:11:12");
        }
        await().atMost(WAIT).until(() -> api().queryParam("q", "list-" + run).get("/api/devices").jsonPath()
                .getInt("total") == 5);
        String first = api().queryParam("q", "list-" + run).queryParam("sort", "topic").get("/api/devices")
                .jsonPath().getString("items[0].id");
        api().contentType(ContentType.JSON).body("{\"name\": \"Server 07\", \"tags\": [\"rack-" + run + "\"]}")
                .patch("/api/devices/{id}", first).then().statusCode(200).body("name", equalTo("Server 07"));

        var byTag = api().queryParam("tag", "rack-" + run).get("/api/devices").jsonPath();
        assertThat(byTag.getList("items.id", String.class)).containsExactly(first);
        var older = api().queryParam("q", "list-" + run).queryParam("firmware", "1.18.280").get("/api/devices")
                .jsonPath();
        assertThat(older.getInt("total")).isEqualTo(3);
        var page = api().queryParam("q", "list-" + run).queryParam("sort", "-topic").queryParam("size", 2)
                .queryParam("page", 1).get("/api/devices").jsonPath();
        assertThat(page.getList("items.topic", String.class))
                .containsExactly("list-" + run + "-2", "list-" + run + "-1");
        assertThat(page.getInt("total")).isEqualTo(5);

        api().queryParam("sort", "password").get("/api/devices").then().statusCode(400);
        api().delete("/api/devices/{id}", first).then().statusCode(204);
        api().get("/api/devices/{id}", first).then().statusCode(404);
    }

    @Test
    void everyApiCallNeedsAToken() {
        given().get("/api/devices").then().statusCode(401);
        given().auth().oauth2("not-a-token").get("/api/devices").then().statusCode(401);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object json) {
        return (Map<String, Object>) json;
    }

    private static String macFor(String run, int i) {
        int h = run.hashCode();
        return String.format("c8:47:%02x:%02x:%02x:%02x", (h >> 16) & 0xff, (h >> 8) & 0xff, h & 0xff, i);
    }

    private static double rejectedMessages() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("fleet_mqtt_messages_total") && l.contains("rejected"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
