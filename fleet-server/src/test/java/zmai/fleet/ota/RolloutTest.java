package zmai.fleet.ota;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import zmai.core.firmware.FirmwareVersion;
import zmai.fleet.VirtualMeters;
import zmai.meter.virtual.MeterConnection;
import zmai.meter.virtual.OtaBehaviour;
import zmai.meter.virtual.OtaFault;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static zmai.fleet.ota.RolloutApi.api;
import static zmai.fleet.ota.RolloutApi.awaitReady;
import static zmai.fleet.ota.RolloutApi.awaitRollout;
import static zmai.fleet.ota.RolloutApi.count;
import static zmai.fleet.ota.RolloutApi.create;
import static zmai.fleet.ota.RolloutApi.devices;
import static zmai.fleet.ota.RolloutApi.idOf;
import static zmai.fleet.ota.RolloutApi.meter;
import static zmai.fleet.ota.RolloutApi.upload;

/** Rollouts to virtual ZMAi-90 meters on the real Mosquitto, followed through the API. */
@QuarkusTest
class RolloutTest {

    private final VirtualMeters meters = new VirtualMeters();

    @AfterEach
    void stopMeters() throws Exception {
        meters.close();
    }

    private List<MeterConnection> fleet(int n, OtaBehaviour ota) throws Exception {
        List<MeterConnection> started = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            started.add(meter(meters, ota));
        }
        return started;
    }

    private static List<String> ids(List<MeterConnection> ms) {
        return ms.stream().map(RolloutApi::idOf).toList();
    }

    private static Map<String, Object> deviceOf(List<Map<String, Object>> devices, String id) {
        return devices.stream().filter(d -> id.equals(d.get("device"))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<String> states(Map<String, Object> device) {
        return ((List<Map<String, Object>>) device.get("history")).stream().map(h -> (String) h.get("state"))
                .toList();
    }

    @Test
    void aGoodImageReachesEveryMeterWaveByWaveNeverMoreAtOnceThanAllowed() throws Exception {
        String firmware = upload("1.18.300", 64 * 1024);
        List<MeterConnection> fleet = fleet(200, OtaBehaviour.DEFAULT);
        awaitReady(fleet);

        String id = create(Map.of("firmware", firmware, "devices", ids(fleet), "canary", 1,
                "waves", List.of(10, 50, 100), "maxConcurrent", 50)).getString("id");
        JsonPath done = awaitRollout(id, Duration.ofMinutes(3), r -> "FINISHED".equals(r.getString("state")));

        assertThat(count(done, "SUCCEEDED")).isEqualTo(200);
        assertThat(done.getList("waves.size", Integer.class)).containsExactly(1, 19, 80, 100);
        assertThat(done.getList("waves.state", String.class)).containsOnly("done");
        for (MeterConnection m : fleet) {
            assertThat(m.meter().build().version()).isEqualTo(FirmwareVersion.parse("1.18.300"));
            api().get("/api/devices/{id}", idOf(m)).then().body("firmware.version",
                    org.hamcrest.Matchers.equalTo("1.18.300"));
        }
        List<Map<String, Object>> devices = devices(id);
        assertThat(states(devices.get(0))).containsExactly("QUEUED", "PRECHECK", "COMMANDED", "DOWNLOADING",
                "REBOOTING", "VERIFYING", "SUCCEEDED");
        assertThat(devices).allSatisfy(d -> {
            assertThat(d.get("bytesSent")).isEqualTo(d.get("imageSize"));
            assertThat(d.get("fromVersion")).isEqualTo("1.18.288");
        });
        assertThat(mostAtOnce(devices)).isBetween(2, 50);
        // no wave started before the one before it had ended
        assertThat(firstCommanded(devices, 1)).isAfterOrEqualTo(lastEnded(devices, 0));
        assertThat(firstCommanded(devices, 3)).isAfterOrEqualTo(lastEnded(devices, 2));
    }

    @Test
    void theImageUrlServesRangesOnlyToACommandedDeviceAndDiesWithTheRollout() throws Exception {
        String firmware = upload("1.18.305", 100_000);
        MeterConnection m = meter(meters, OtaBehaviour.DEFAULT.withFault(OtaFault.SWALLOWS_COMMAND));
        awaitReady(List.of(m));
        String id = create(Map.of("firmware", firmware, "devices", List.of(idOf(m)), "fetchTimeout", "PT2M"))
                .getString("id");
        awaitRollout(id, Duration.ofSeconds(30), r -> count(r, "COMMANDED") == 1);
        String path = imagePath(id, idOf(m));
        byte[] whole = io.restassured.RestAssured.given().header("Authorization", "Bearer " + RolloutApi.ADMIN)
                .get("/api/firmware/{id}/content", firmware).then().statusCode(200).extract().asByteArray();

        byte[] part = io.restassured.RestAssured.given().header("Range", "bytes=1000-1999").get(path).then()
                .statusCode(206).header("Content-Range", "bytes 1000-1999/" + whole.length).extract().asByteArray();
        assertThat(part).isEqualTo(java.util.Arrays.copyOfRange(whole, 1000, 2000));
        io.restassured.RestAssured.given().header("Range", "bytes=200000-").get(path).then().statusCode(416);
        io.restassured.RestAssured.given().get(path.replace("/ota/", "/ota/0")).then().statusCode(404);
        io.restassured.RestAssured.given().get(path.replace(idOf(m), "someoneelse")).then().statusCode(404);
        // a part served whole is progress, not a broken download
        awaitRollout(id, Duration.ofSeconds(10), r -> count(r, "DOWNLOADING") == 1);
        Thread.sleep(600);
        assertThat(count(rollout(id), "DOWNLOADING")).isEqualTo(1);
        assertThat(io.restassured.RestAssured.given().get(path).then().statusCode(200)
                .header("Content-Length", String.valueOf(whole.length)).extract().asByteArray()).isEqualTo(whole);

        // the whole image went out: the device is now expected to reboot (this one, still talking, looks back)
        JsonPath seen = awaitRollout(id, Duration.ofSeconds(30), r -> count(r, "REBOOTING")
                + count(r, "VERIFYING") == 1);
        assertThat(seen.getString("state")).isEqualTo("RUNNING");
        api().post("/api/rollouts/{id}/cancel", id).then().statusCode(200);
        io.restassured.RestAssured.given().get(path).then().statusCode(404);
    }

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource dataSource;

    /** The secret URL the device was sent, read where the server keeps it. */
    private String imagePath(String rolloutId, String deviceId) throws Exception {
        try (var c = dataSource.getConnection();
             var s = c.prepareStatement("SELECT url_token, filename FROM rollout WHERE id = ?")) {
            s.setString(1, rolloutId);
            try (var rs = s.executeQuery()) {
                rs.next();
                return "/ota/" + rs.getString(1) + "/" + deviceId + "/" + rs.getString(2);
            }
        }
    }

    private static Instant at(Map<String, Object> device, String state) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> history = (List<Map<String, Object>>) device.get("history");
        return history.stream().filter(h -> state.equals(h.get("state"))).map(h -> Instant.parse((String) h.get("at")))
                .findFirst().orElseThrow();
    }

    private static Instant firstCommanded(List<Map<String, Object>> devices, int wave) {
        return devices.stream().filter(d -> (int) d.get("wave") == wave).map(d -> at(d, "COMMANDED"))
                .min(Instant::compareTo).orElseThrow();
    }

    private static Instant lastEnded(List<Map<String, Object>> devices, int wave) {
        return devices.stream().filter(d -> (int) d.get("wave") == wave).map(d -> at(d, "SUCCEEDED"))
                .max(Instant::compareTo).orElseThrow();
    }

    /** The most devices between COMMANDED and their end at any one moment. */
    private static int mostAtOnce(List<Map<String, Object>> devices) {
        List<long[]> edges = new ArrayList<>();
        for (Map<String, Object> d : devices) {
            edges.add(new long[]{at(d, "COMMANDED").toEpochMilli() * 2 + 1, 1});
            edges.add(new long[]{at(d, "SUCCEEDED").toEpochMilli() * 2, -1});
        }
        edges.sort((a, b) -> Long.compare(a[0], b[0]));
        int now = 0;
        int most = 0;
        for (long[] e : edges) {
            now += (int) e[1];
            most = Math.max(most, now);
        }
        return most;
    }

    @Test
    void anImageTheBootloaderRejectsFailsTheCanaryAndPausesTheRollout() throws Exception {
        String firmware = upload("1.18.301", 32 * 1024);
        List<MeterConnection> fleet = fleet(5, OtaBehaviour.DEFAULT.withFault(OtaFault.BOOTLOADER_KEEPS_OLD));
        awaitReady(fleet);

        String id = create(Map.of("firmware", firmware, "devices", ids(fleet), "canary", 1,
                "failureThresholdPercent", 10)).getString("id");
        JsonPath paused = awaitRollout(id, Duration.ofSeconds(60), r -> "PAUSED".equals(r.getString("state")));

        assertThat(count(paused, "FAILED_SAME_VERSION")).isEqualTo(1);
        assertThat(count(paused, "QUEUED")).isEqualTo(4);
        assertThat(paused.getString("reason")).contains("wave 0").contains("1 of 1");
        Map<String, Object> canary = devices(id).get(0);
        assertThat(states(canary)).endsWith("REBOOTING", "VERIFYING", "FAILED_SAME_VERSION");
        assertThat(canary.toString()).contains("bootloader kept the old application");
        // nobody else was touched
        Thread.sleep(1_000);
        assertThat(count(rollout(id), "QUEUED")).isEqualTo(4);
        assertThat(fleet).allSatisfy(m -> assertThat(m.meter().build().version().toString()).isEqualTo("1.18.288"));
        api().queryParam("limit", 50).get("/api/audit").then().statusCode(200)
                .body(containsString("rollout.auto-pause"));
        // the image a paused rollout holds cannot be deleted
        api().delete("/api/firmware/{id}", firmware).then().statusCode(409).body("detail", containsString(id));
    }

    private static JsonPath rollout(String id) {
        return RolloutApi.rollout(id);
    }

    @Test
    void devicesThatNeverFetchOrBreakOffEndHonestlyAndCanBeRetried() throws Exception {
        String firmware = upload("1.18.302", 1024 * 1024);
        MeterConnection swallows = meter(meters, OtaBehaviour.DEFAULT.withFault(OtaFault.SWALLOWS_COMMAND));
        MeterConnection unreachable = meter(meters, OtaBehaviour.DEFAULT.withFault(OtaFault.UNREACHABLE_SERVER));
        MeterConnection aborts = meter(meters, new OtaBehaviour(256 * 1024, OtaFault.ABORTS_DOWNLOAD));
        MeterConnection good = meter(meters, OtaBehaviour.DEFAULT);
        List<MeterConnection> fleet = List.of(swallows, unreachable, aborts, good);
        awaitReady(fleet);

        String id = create(Map.of("firmware", firmware, "devices", ids(fleet), "failureThresholdPercent", 100,
                "maxConcurrent", 4, "fetchTimeout", "PT4S")).getString("id");
        JsonPath done = awaitRollout(id, Duration.ofSeconds(60), r -> "FINISHED".equals(r.getString("state")));

        assertThat(count(done, "SUCCEEDED")).as(done.prettify() + devices(id)).isEqualTo(1);
        assertThat(count(done, "FAILED_NO_FETCH")).isEqualTo(2);
        assertThat(count(done, "FAILED_DOWNLOAD_ABORTED")).as(devices(id).toString()).isEqualTo(1);
        List<Map<String, Object>> devices = devices(id);
        assertThat(deviceOf(devices, idOf(swallows)).toString()).contains("no request for the image within PT4S");
        assertThat(deviceOf(devices, idOf(unreachable)).toString()).contains("could not reach the image URL");
        Map<String, Object> broke = deviceOf(devices, idOf(aborts));
        assertThat(((Number) broke.get("bytesSent")).longValue()).isLessThan(((Number) broke.get("imageSize"))
                .longValue());
        assertThat(broke.toString()).contains("broke off after");

        api().post("/api/rollouts/{id}/retry-failed", id).then().statusCode(200);
        JsonPath again = awaitRollout(id, Duration.ofSeconds(60), r -> "FINISHED".equals(r.getString("state")));
        assertThat(count(again, "SUCCEEDED")).isEqualTo(1);
        assertThat(devices(id)).filteredOn(d -> !idOf(good).equals(d.get("device")))
                .allSatisfy(d -> assertThat(d.get("attempt")).isEqualTo(2));
    }

    @Test
    void pauseHoldsBackNewCommandsResumeGoesOnAndCancelStopsTheRest() throws Exception {
        String firmware = upload("1.18.303", 64 * 1024);
        List<MeterConnection> fleet = fleet(8, new OtaBehaviour(32 * 1024, OtaFault.NONE));
        awaitReady(fleet);

        String id = create(Map.of("firmware", firmware, "devices", ids(fleet), "maxConcurrent", 2,
                "start", false)).getString("id");
        assertThat(rollout(id).getString("state")).isEqualTo("READY");
        Thread.sleep(600);
        assertThat(count(rollout(id), "QUEUED")).as("not started, nothing commanded").isEqualTo(8);

        RolloutApi.command(id, "start");
        awaitRollout(id, Duration.ofSeconds(30), r -> inFlight(r) > 0);
        JsonPath atPause = api().post("/api/rollouts/{id}/pause", id).then().statusCode(200).extract().jsonPath();
        int mayFinish = count(atPause, "SUCCEEDED") + inFlight(atPause);
        JsonPath settled = awaitRollout(id, Duration.ofSeconds(60), r -> count(r, "QUEUED")
                + count(r, "SUCCEEDED") == 8);
        int succeeded = count(settled, "SUCCEEDED");
        assertThat(succeeded).as("the devices in flight finished, no more").isPositive().isEqualTo(mayFinish)
                .isLessThan(8);
        Thread.sleep(1_000);
        assertThat(count(rollout(id), "SUCCEEDED")).isEqualTo(succeeded);

        RolloutApi.command(id, "resume");
        awaitRollout(id, Duration.ofSeconds(30), r -> count(r, "SUCCEEDED") > succeeded);
        api().post("/api/rollouts/{id}/cancel", id).then().statusCode(200).body("state",
                org.hamcrest.Matchers.equalTo("CANCELLED"));
        JsonPath over = awaitRollout(id, Duration.ofSeconds(60), r -> count(r, "SUCCEEDED") + count(r, "CANCELLED")
                == 8);
        assertThat(count(over, "CANCELLED")).isPositive();
        api().post("/api/rollouts/{id}/resume", id).then().statusCode(409);
        // cancelled devices were never commanded
        List<String> cancelled = devices(id).stream().filter(d -> "CANCELLED".equals(d.get("state")))
                .map(d -> (String) d.get("device")).collect(Collectors.toList());
        for (MeterConnection m : fleet) {
            String expected = cancelled.contains(idOf(m)) ? "1.18.288" : "1.18.303";
            assertThat(m.meter().build().version().toString()).isEqualTo(expected);
        }
        String audit = api().queryParam("limit", 100).get("/api/audit").asString();
        assertThat(audit).contains("rollout.start", "rollout.pause", "rollout.resume", "rollout.cancel");
    }

    @Test
    void aMeterThatNeverFetchesGetsTheImagePushedToItsOwnWebServer() throws Exception {
        String firmware = upload("1.18.306", 64 * 1024);
        MeterConnection swallows = meter(meters, OtaBehaviour.DEFAULT.withFault(OtaFault.SWALLOWS_COMMAND));
        MeterConnection unreachable = meter(meters, OtaBehaviour.DEFAULT.withFault(OtaFault.SWALLOWS_COMMAND));
        awaitReady(List.of(swallows, unreachable));

        String pushed = create(Map.of("firmware", firmware, "devices", List.of(idOf(swallows)), "fetchTimeout", "PT3S",
                "push", Map.of("deviceUrl", meters.deviceUrlTemplate()))).getString("id");
        JsonPath done = awaitRollout(pushed, Duration.ofSeconds(60), r -> "FINISHED".equals(r.getString("state")));
        assertThat(count(done, "SUCCEEDED")).isEqualTo(1);
        Map<String, Object> device = devices(pushed).get(0);
        assertThat(states(device)).containsSubsequence("COMMANDED", "DOWNLOADING", "REBOOTING", "VERIFYING",
                "SUCCEEDED");
        assertThat(device.toString()).contains("pushing the image to http://127.0.0.1:");
        assertThat(swallows.meter().build().version().toString()).isEqualTo("1.18.306");

        // nothing listens on the discard port: the push fails and says why
        String refused = create(Map.of("firmware", firmware, "devices", List.of(idOf(unreachable)),
                "fetchTimeout", "PT3S", "failureThresholdPercent", 100,
                "push", Map.of("deviceUrl", "http://127.0.0.1:9/{topic}"))).getString("id");
        JsonPath failed = awaitRollout(refused, Duration.ofSeconds(60), r -> "FINISHED".equals(r.getString("state")));
        assertThat(count(failed, "FAILED_NO_FETCH")).isEqualTo(1);
        assertThat(devices(refused).get(0).toString()).contains("the push to http://127.0.0.1:9/");
        assertThat(unreachable.meter().build().version().toString()).isEqualTo("1.18.288");
        post(Map.of("firmware", firmware, "devices", List.of(idOf(unreachable)),
                "push", Map.of("deviceUrl", "ftp://{ip}")), 400, "http://");
    }

    @Test
    void requestsThatCannotBeRolledOutAreRefusedWithReasons() throws Exception {
        String firmware = upload("1.18.304", 16 * 1024);
        MeterConnection m = meter(meters, OtaBehaviour.DEFAULT.withFault(OtaFault.SWALLOWS_COMMAND));
        awaitReady(List.of(m));
        post(Map.of("firmware", "0000000000000000", "devices", List.of(idOf(m))), 400, "no firmware");
        post(Map.of("firmware", firmware, "devices", List.of("nosuchdevice")), 400, "nosuchdevice");
        post(Map.of("firmware", firmware), 400, "either");
        post(Map.of("firmware", firmware, "devices", List.of(idOf(m)), "waves", List.of(0)), 400, "1..100");
        post(Map.of("firmware", firmware, "devices", List.of(idOf(m)), "maxConcurrent", 0), 400, "maxConcurrent");
        post(Map.of("firmware", firmware, "filter", Map.of("tags", List.of("no-such-tag-" + System.nanoTime()))),
                400, "matches no device");

        String first = create(Map.of("firmware", firmware, "devices", List.of(idOf(m)), "fetchTimeout", "PT2M"))
                .getString("id");
        post(Map.of("firmware", firmware, "devices", List.of(idOf(m))), 409, first);
        api().post("/api/rollouts/{id}/start", first).then().statusCode(409);
        api().post("/api/rollouts/nosuchrollout/pause").then().statusCode(404);
        String viewer = api().contentType(ContentType.JSON).body(Map.of("name", "viewer-" + System.nanoTime(),
                "role", "viewer")).post("/api/tokens").then().statusCode(201).extract().path("token");
        io.restassured.RestAssured.given().header("Authorization", "Bearer " + viewer).post(
                "/api/rollouts/{id}/pause", first).then().statusCode(403);
        api().post("/api/rollouts/{id}/cancel", first).then().statusCode(200);
    }

    private static int inFlight(JsonPath rollout) {
        return count(rollout, "COMMANDED") + count(rollout, "DOWNLOADING") + count(rollout, "REBOOTING")
                + count(rollout, "VERIFYING");
    }

    private static void post(Map<String, Object> body, int status, String detail) {
        api().contentType(ContentType.JSON).body(body).post("/api/rollouts").then().statusCode(status)
                .contentType("application/problem+json").body("detail", containsString(detail));
    }
}
