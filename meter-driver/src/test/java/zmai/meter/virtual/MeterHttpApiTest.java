package zmai.meter.virtual;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import zmai.core.meter.DeviceTopic;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static zmai.meter.virtual.MeterConnectionTest.BUILD;
import static zmai.meter.virtual.MeterConnectionTest.WAIT;
import static zmai.meter.virtual.OtaDownloadTest.NEW_BUILD;
import static zmai.meter.virtual.OtaDownloadTest.OLD_BUILD;

/** The meters' own web servers as a server pushing images sees them; real Mosquitto, hand-driven firmware time. */
class MeterHttpApiTest {

    private final HandDrivenMeters meters = new HandDrivenMeters();
    private final SettableClock clock = meters.clock;
    private final HttpClient http = meters.http;
    private final ObjectMapper json = new ObjectMapper();
    private BrokerProbe probe;
    private MeterHttpApi api;

    @AfterEach
    void closeAll() throws Exception {
        if (api != null) {
            api.close();
        }
        meters.close(probe);
    }

    MeterConnection start(OtaFault fault) throws Exception {
        MeterConfig config = MeterConfig.defaults(MeterConnectionTest.uniqueMac(), BUILD, LoadProfile.constant(100, 1),
                13).withOta(new OtaBehaviour(0, fault));
        probe = new BrokerProbe(config.topic() + "/#");
        MeterConnection c = meters.start(config, MeterConnectionTest.FAST);
        api = new MeterHttpApi(0);
        api.register(c);
        tickUntilConnected(c);
        probe.await(config.topic() + "/connected", "online", WAIT);
        return c;
    }

    void tick(MeterConnection c, int seconds) {
        meters.tick(c, seconds);
    }

    void tickUntilConnected(MeterConnection c) throws InterruptedException {
        meters.tickUntilConnected(c, probe);
    }

    URI url(DeviceTopic topic, String path) {
        return URI.create(api.urlTemplate().replace("{topic}", topic.value()) + path);
    }

    HttpResponse<String> post(URI url, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(url).timeout(WAIT).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(URI url) throws Exception {
        return http.send(HttpRequest.newBuilder(url).timeout(WAIT).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Pushes {@code image}: answered with its size, no reboot, MQTT still up. */
    void push(MeterConnection c, byte[] image) throws Exception {
        HttpResponse<String> r = post(url(c.meter().topic(), "/api/ota"), image);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json.readTree(r.body()).get("size").asInt()).isEqualTo(image.length);
        tick(c, 2);
        assertThat(c.isConnected()).as("a push does not reboot").isTrue();
        assertThat(c.meter().build().mqttBuildString()).isEqualTo(OLD_BUILD);
    }

    /** {@code /api/reboot}; waits for the will, the reconnect and the build the meter announces. */
    String rebootAndAwaitBuild(MeterConnection c) throws Exception {
        DeviceTopic topic = c.meter().topic();
        long asked = System.nanoTime();
        HttpResponse<String> r = post(url(topic, "/api/reboot"), new byte[0]);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json.readTree(r.body()).get("reboot").asInt()).isEqualTo(3);
        assertThat(c.isConnected()).as("answers before rebooting").isTrue();
        probe.await(topic + "/connected", "offline", WAIT);
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("reboots 3 s after the answer")
                .isGreaterThanOrEqualTo(Duration.ofMillis(2_900));
        tickUntilConnected(c);
        probe.await(topic + "/connected", "online", WAIT);
        tick(c, 3);
        return probe.await(topic + "/build", WAIT).payload();
    }

    @Test
    void aMeterThatSwallowsOtaHttpTakesAPushedImageAndBootsItAfterApiReboot() throws Exception {
        MeterConnection c = start(OtaFault.SWALLOWS_COMMAND);
        push(c, OtaDownloadTest.image(128 * 1024));
        Instant asked = clock.instant();
        assertThat(rebootAndAwaitBuild(c)).isEqualTo(NEW_BUILD);
        JsonNode info = json.readTree(get(url(c.meter().topic(), "/api/info")).body());
        assertThat(info.get("build").asText()).isEqualTo("Built on Mar  1 2025 10:11:12 version 1.18.301");
        // firmware time moves only with ticks: an uptime within those since the request means it rebooted
        assertThat(info.get("uptime_s").asLong()).isBetween(1L,
                Duration.between(asked, clock.instant()).toSeconds());
    }

    @Test
    void aBootloaderThatKeepsTheOldAppIgnoresAPushedImageToo() throws Exception {
        MeterConnection c = start(OtaFault.BOOTLOADER_KEEPS_OLD);
        push(c, OtaDownloadTest.image(128 * 1024));
        assertThat(rebootAndAwaitBuild(c)).isEqualTo(OLD_BUILD);
    }

    @Test
    void aCorruptPushedImageLeavesTheOldBuild() throws Exception {
        MeterConnection c = start(OtaFault.NONE);
        byte[] corrupt = OtaDownloadTest.image(64 * 1024);
        corrupt[1000] ^= 1;
        push(c, corrupt);
        assertThat(rebootAndAwaitBuild(c)).isEqualTo(OLD_BUILD);
    }

    @Test
    void unknownMetersAndPathsAre404WrongMethods405OversizedImages413AndInfoAnswers() throws Exception {
        MeterConnection c = start(OtaFault.NONE);
        DeviceTopic topic = c.meter().topic();
        tick(c, 5);
        assertThat(get(url(new DeviceTopic("obkNOSUCH"), "/api/info")).statusCode()).isEqualTo(404);
        assertThat(get(url(topic, "/api/nothing")).statusCode()).isEqualTo(404);
        assertThat(get(url(topic, "/index")).statusCode()).isEqualTo(404);
        assertThat(get(url(topic, "/api/ota")).statusCode()).isEqualTo(405);
        assertThat(post(url(topic, "/api/info"), new byte[0]).statusCode()).isEqualTo(405);

        HttpResponse<String> tooLarge = post(url(topic, "/api/ota"), new byte[MeterHttpApi.MAX_IMAGE_BYTES + 1]);
        assertThat(tooLarge.statusCode()).isEqualTo(413);

        HttpResponse<String> info = get(url(topic, "/api/info"));
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(info.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode body = json.readTree(info.body());
        assertThat(body.get("build").asText()).isEqualTo("Built on Mar  1 2025 10:11:12 version 1.18.288");
        assertThat(body.get("uptime_s").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(body.get("mqtttopic").asText()).isEqualTo(topic.value());
        assertThat(body.get("mac").asText()).isEqualTo(c.meter().mac().value());
        assertThat(c.isConnected()).isTrue();
    }
}
