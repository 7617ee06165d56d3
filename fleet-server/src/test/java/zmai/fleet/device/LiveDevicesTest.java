package zmai.fleet.device;

import io.quarkus.test.common.http.TestHTTPResource;
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

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The live stream of device changes, read as a browser's fetch() reads it, while virtual meters change. */
@QuarkusTest
class LiveDevicesTest {

    static final String ADMIN = "test-admin-token-0123456789abcdef";
    static final Duration WAIT = Duration.ofSeconds(30);

    @TestHTTPResource("/api/devices/live")
    URI live;

    private final VirtualMeters meters = new VirtualMeters();
    private final List<Stream<String>> streams = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        streams.forEach(Stream::close);
        meters.close();
    }

    /** One server-sent event: its name and data, or a comment. */
    record Event(String name, String data, String comment) {
        JsonPath json() {
            return JsonPath.from(data);
        }

        boolean isDevice(String id) {
            return "device".equals(name) && id.equals(json().getString("id"));
        }
    }

    /** The events of one open stream, gathered as they arrive. */
    final class Live {
        final List<Event> events = new CopyOnWriteArrayList<>();

        Live(String ids) throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(URI.create(live + "?ids=" + ids))
                    .header("Authorization", "Bearer " + ADMIN).header("Accept", "text/event-stream").build();
            HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            streams.add(response.body());
            Thread reader = new Thread(() -> read(response.body()), "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void read(Stream<String> lines) {
            String[] name = {null};
            StringBuilder data = new StringBuilder();
            try {
                lines.forEach(line -> {
                    if (line.isEmpty()) {
                        if (data.length() > 0) {
                            events.add(new Event(name[0], data.toString(), null));
                        }
                        name[0] = null;
                        data.setLength(0);
                    } else if (line.startsWith(":")) {
                        events.add(new Event(null, null, line));
                    } else if (line.startsWith("event:")) {
                        name[0] = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).stripLeading());
                    }
                });
            } catch (RuntimeException e) {
                // the stream was closed by the test
            }
        }

        Event await(Predicate<Event> wanted) {
            return org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> events.stream().filter(wanted).reduce((a, b) -> b).orElse(null), e -> e != null);
        }

        List<Event> devices(String id) {
            return events.stream().filter(e -> e.isDevice(id)).toList();
        }
    }

    // a prefix of its own (locally administered), so no other test's meters are mistaken for these
    private static MacAddress liveMac() {
        byte[] b = new byte[6];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] = 0x02;
        b[1] = 0x4c;
        return MacAddress.fromBytes(b);
    }

    private static long count(String query) {
        return given().auth().oauth2(ADMIN).get("/api/devices?size=1" + query).then().statusCode(200)
                .extract().jsonPath().getLong("total");
    }

    private static Map<String, Object> device(String id) {
        var response = given().auth().oauth2(ADMIN).get("/api/devices/{id}", id);
        return response.statusCode() == 200 ? response.jsonPath().getMap("$") : Map.of();
    }

    private static boolean summaryIsCurrent(Event e) {
        if (!"summary".equals(e.name())) {
            return false;
        }
        long total = count("");
        long online = count("&online=true");
        return e.json().getLong("total") == total && e.json().getLong("online") == online
                && e.json().getLong("offline") == total - online;
    }

    @Test
    void aWatchedMeterIsSentOnConnectAndOnEachChangeWithTheFleetCounts() throws Exception {
        MeterConnection meter = meters.start(MeterConfig.defaults(liveMac(), VirtualMeters.BUILD,
                LoadProfile.constant(60, 1), 21));
        String id = DeviceTracker.idFor(meter.meter().mac());
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> device(id),
                d -> Boolean.TRUE.equals(d.get("online")) && d.get("power") != null
                        && ((Number) d.get("power")).doubleValue() > 30);

        Live stream = new Live(id);
        Event first = stream.await(e -> e.isDevice(id));
        assertThat(first.json().getBoolean("online")).isTrue();
        assertThat(first.json().getString("mac")).isEqualTo(meter.meter().mac().value());
        stream.await(LiveDevicesTest::summaryIsCurrent);

        // the relay off: the meter reports 0 W
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"on\":false}")
                .post("/api/devices/{id}/relay", id).then().statusCode(202);
        stream.await(e -> e.isDevice(id) && e.json().getDouble("power") == 0.0
                && Boolean.FALSE.equals(e.json().get("relayOn")));

        // gone as its will says: offline in the device and in the counts
        long onlineBefore = count("&online=true");
        meter.close();
        VirtualMeters.publish(meter.meter().topic().value() + "/connected", "offline");
        stream.await(e -> e.isDevice(id) && !e.json().getBoolean("online"));
        Event summary = stream.await(e -> "summary".equals(e.name())
                && e.json().getLong("online") == onlineBefore - 1);
        assertThat(summary.json().getLong("offline")).isEqualTo(
                summary.json().getLong("total") - summary.json().getLong("online"));
        assertThat(summaryIsCurrent(summary)).isTrue();
    }

    @Test
    void aWatchedDeviceThatDoesNotChangeIsSentOnceAndAgainOnlyWhenPatched() throws Exception {
        String quiet = "live-quiet-" + Long.toString(System.nanoTime(), 36);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"id\":\"" + quiet + "\"}")
                .post("/api/devices").then().statusCode(201);
        MeterConnection meter = meters.start(MeterConfig.defaults(liveMac(), VirtualMeters.BUILD,
                LoadProfile.constant(60, 1), 22));
        String busy = DeviceTracker.idFor(meter.meter().mac());

        Live stream = new Live(quiet + "," + busy + ",no-such-device");
        stream.await(e -> e.isDevice(quiet));
        await().atMost(WAIT).until(() -> stream.devices(busy).size() >= 2);
        // sent at connect; the registration's own change, if its tick came after the connect, once more
        int atConnect = stream.devices(quiet).size();
        assertThat(atConnect).isBetween(1, 2);
        // while the meter keeps reporting, several ticks pass
        int busySoFar = stream.devices(busy).size();
        await().atMost(WAIT).until(() -> stream.devices(busy).size() >= busySoFar + 3);
        assertThat(stream.devices(quiet)).hasSize(atConnect);
        assertThat(stream.events).noneMatch(e -> e.isDevice("no-such-device"));

        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"name\":\"Quiet one\"}")
                .patch("/api/devices/{id}", quiet).then().statusCode(200);
        stream.await(e -> e.isDevice(quiet) && "Quiet one".equals(e.json().getString("name")));
        assertThat(stream.devices(quiet)).hasSize(atConnect + 1);
    }

    @Test
    void aStreamWithoutIdsGetsTheCountsAndKeepsQuietAboutDevices() throws Exception {
        Live stream = new Live("");
        stream.await(LiveDevicesTest::summaryIsCurrent);
        String added = "live-added-" + Long.toString(System.nanoTime(), 36);
        long total = count("");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"id\":\"" + added + "\"}")
                .post("/api/devices").then().statusCode(201);
        stream.await(e -> "summary".equals(e.name()) && e.json().getLong("total") == total + 1);
        assertThat(stream.events).noneMatch(e -> "device".equals(e.name()));
    }

    private static double openStreams() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("fleet_live_streams ")).mapToDouble(
                l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElseThrow();
    }

    @Test
    void aQuietStreamGetsKeepAliveCommentsAndIsReleasedWhenTheClientGoes() throws Exception {
        Live stream = new Live("");
        await().atMost(WAIT).until(() -> openStreams() >= 1);
        stream.await(e -> ": keep-alive".equals(e.comment()));

        streams.forEach(Stream::close);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> openStreams() == 0);
    }

    @Test
    void moreThan500IdsAre400AndNoTokenIs401() {
        String ids = IntStream.rangeClosed(1, 501).mapToObj(i -> "d" + i).collect(Collectors.joining(","));
        given().auth().oauth2(ADMIN).accept("text/event-stream").queryParam("ids", ids).get("/api/devices/live")
                .then().statusCode(400).contentType("application/problem+json");
        given().accept("text/event-stream").get("/api/devices/live").then().statusCode(401);
        given().auth().oauth2("not-a-token").accept("text/event-stream").get("/api/devices/live")
                .then().statusCode(401);
    }
}
