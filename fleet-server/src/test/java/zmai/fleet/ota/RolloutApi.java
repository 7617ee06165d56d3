package zmai.fleet.ota;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import zmai.core.firmware.RblHeader;
import zmai.fleet.VirtualMeters;
import zmai.fleet.tracking.DeviceTracker;
import zmai.meter.virtual.LoadProfile;
import zmai.meter.virtual.MeterConfig;
import zmai.meter.virtual.MeterConnection;
import zmai.meter.virtual.OtaBehaviour;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

import org.awaitility.core.ConditionTimeoutException;

/** Firmware, rollouts and virtual meters through the API, as an operator would drive them. */
public final class RolloutApi {

    public static final String ADMIN = "test-admin-token-0123456789abcdef";

    private RolloutApi() {
    }

    static RequestSpecification api() {
        return RestAssured.given().header("Authorization", "Bearer " + ADMIN).accept(ContentType.JSON);
    }

    /** An RBL package of {@code size} bytes of application, different from every other test's. */
    public static byte[] image(String version, int size) {
        byte[] app = new byte[size];
        ByteBuffer.wrap(app).putLong(System.nanoTime()).putLong(UUID.randomUUID().getMostSignificantBits());
        for (int i = 16; i < size; i++) {
            app[i] = (byte) (i * 31 + 7);
        }
        return RblHeader.buildFile(RblHeader.forPlainApplication(version, app, 1_760_000_000L), app);
    }

    static String upload(String version, int size) {
        return api().contentType(ContentType.BINARY).queryParam("filename", "OpenBK7231N_" + version + ".rbl")
                .body(image(version, size)).post("/api/firmware").then().statusCode(201).extract().path("id");
    }

    public static MeterConnection meter(VirtualMeters meters, OtaBehaviour ota) throws Exception {
        return meters.start(MeterConfig.defaults(VirtualMeters.uniqueMac(), VirtualMeters.BUILD,
                LoadProfile.constant(60, 1), 7).withOta(ota));
    }

    public static String idOf(MeterConnection meter) {
        return DeviceTracker.idFor(meter.meter().mac());
    }

    /** Waits until every meter is online with its build known, so the precheck has what it needs. */
    public static void awaitReady(List<MeterConnection> meters) {
        for (MeterConnection m : meters) {
            // no first delay: once the early meters are ready, the later ones usually are too
            await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        var r = api().get("/api/devices/{id}", idOf(m));
                        return r.statusCode() == 200 && Boolean.TRUE.equals(r.path("online"))
                                && r.path("firmware.version") != null && r.path("rssi") != null;
                    });
        }
    }

    static JsonPath create(Map<String, Object> body) {
        return api().contentType(ContentType.JSON).body(body).post("/api/rollouts").then().statusCode(201)
                .extract().jsonPath();
    }

    static JsonPath rollout(String id) {
        return api().get("/api/rollouts/{id}", id).then().statusCode(200).extract().jsonPath();
    }

    /** On a timeout, the failure shows where the rollout and each of its devices stood. */
    static JsonPath awaitRollout(String id, Duration within, Predicate<JsonPath> ok) {
        try {
            return await().atMost(within).pollInterval(Duration.ofMillis(250)).until(() -> rollout(id), ok);
        } catch (ConditionTimeoutException e) {
            StringBuilder events = new StringBuilder();
            for (Map<String, Object> d : devices(id)) {
                if (!"QUEUED".equals(d.get("state"))) {
                    events.append("\nevents of ").append(d.get("device")).append(": ").append(api()
                            .get("/api/devices/{id}/history", d.get("device")).asString()).append("\nnow: ")
                            .append(api().get("/api/devices/{id}", d.get("device")).asString());
                }
            }
            throw new AssertionError("rollout " + id + " is " + rollout(id).prettify() + "\nits devices: "
                    + devices(id) + events, e);
        }
    }

    static List<Map<String, Object>> devices(String id) {
        return api().queryParam("limit", 10_000).get("/api/rollouts/{id}/devices", id).then().statusCode(200)
                .extract().jsonPath().getList("$");
    }

    static int count(JsonPath rollout, String state) {
        Integer n = rollout.get("counts." + state);
        return n == null ? 0 : n;
    }

    static void command(String id, String action) {
        api().post("/api/rollouts/{id}/" + action, id).then().statusCode(200);
    }
}
