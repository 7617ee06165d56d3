package zmai.fleet.console;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import zmai.fleet.VirtualMeters;
import zmai.fleet.energy.EnergyApi;
import zmai.fleet.ota.RolloutApi;
import zmai.meter.virtual.MeterConnection;
import zmai.meter.virtual.OtaBehaviour;
import zmai.meter.virtual.OtaFault;

import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web console in the system's headless Chromium against this server, the real PostgreSQL and Mosquitto, and
 * virtual meters: what a user clicks, and what the meters and the API say afterwards. Screenshots of each page go
 * to target/screenshots.
 */
@QuarkusTest
class ConsoleBrowserTest {

    private static final Path SHOTS = Path.of("target", "screenshots");
    private static Browser browser;

    @TestHTTPResource("/")
    URL root;

    private final VirtualMeters meters = new VirtualMeters();

    @BeforeEach
    void openBrowser() {
        if (browser == null) {
            browser = new Browser(root.toString(), 1400, 1000);
        }
    }

    @AfterEach
    void stopMeters() throws Exception {
        meters.close();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    private static io.restassured.specification.RequestSpecification api() {
        return given().auth().oauth2(RolloutApi.ADMIN).accept(ContentType.JSON);
    }

    private List<MeterConnection> onlineMeters(int n, OtaBehaviour ota) throws Exception {
        List<MeterConnection> started = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            started.add(RolloutApi.meter(meters, ota));
        }
        RolloutApi.awaitReady(started);
        return started;
    }

    @Test
    void aWrongTokenIsRefusedInPlainWordsAndTheRightOneSignsIn() {
        browser.open("#/fleet");
        browser.script("sessionStorage.clear()");
        browser.driver().navigate().refresh();
        browser.byId("token").sendKeys("not-a-token");
        browser.visible(By.cssSelector("form.sign-in button[type=submit]")).click();
        browser.waitFor(d -> d.findElement(By.id("sign-in-message")).getText().contains("not valid"));
        browser.signIn(RolloutApi.ADMIN);
        assertThat(browser.byId("who").getText()).contains("admin");
        browser.byId("sign-out").click();
        browser.byId("token");
        assertThat(browser.script("return sessionStorage.length")).isEqualTo(0L);
    }

    @Test
    void aMeterThatGoesOfflineChangesInTheTableLiveAndTheOfflineFilterFindsIt() throws Exception {
        List<MeterConnection> fleet = onlineMeters(3, OtaBehaviour.DEFAULT);
        MeterConnection gone = fleet.get(1);
        String id = RolloutApi.idOf(gone);
        String mac = gone.meter().mac().toString();
        browser.signIn(RolloutApi.ADMIN);
        browser.open("#/fleet");
        browser.byId("fleet-search").sendKeys(mac);
        By status = By.cssSelector("#fleet-table tr[data-id='" + id + "'] td.status");
        browser.waitFor(d -> d.findElement(By.id("fleet-count")).getText().equals("1 meter"));
        browser.waitFor(d -> d.findElement(status).getText().equals("online"));
        Object renders = browser.script("return window.consoleTimings.fleetRenders");

        gone.close();
        // what the broker publishes for a meter whose power was pulled: its will
        VirtualMeters.publish(gone.meter().topic().value() + "/connected", "offline");
        browser.waitFor(d -> d.findElement(status).getText().equals("offline"), Duration.ofSeconds(30));
        assertThat(browser.script("return window.consoleTimings.fleetRenders"))
                .as("the row changed in place, pushed by the server, not by listing again").isEqualTo(renders);
        assertThat(browser.byId("fleet-summary").getText()).matches(".*\\d+ offline.*");

        browser.choose("fleet-online", "false");
        browser.waitFor(d -> d.findElement(By.id("fleet-count")).getText().equals("1 meter"));
        assertThat(browser.driver().getCurrentUrl()).contains("online=false");
        browser.waitFor(d -> d.findElement(status).getText().equals("offline"));
        // the same search among online meters finds nothing, and says so
        browser.choose("fleet-online", "true");
        browser.waitFor(d -> d.findElement(By.id("fleet-table")).getText().contains("No meter matches"));
        // the other meters of the same run are online
        browser.choose("fleet-online", "");
        browser.byId("fleet-search").clear();
        String other = RolloutApi.idOf(fleet.get(0));
        browser.byId("fleet-search").sendKeys(other);
        browser.waitFor(d -> d.findElements(By.cssSelector("#fleet-table tr[data-id='" + other + "'] td.status"))
                .stream().anyMatch(td -> td.getText().equals("online")));
        browser.screenshot(SHOTS.resolve("fleet.png"));
    }

    @Test
    void anOperatorSwitchesTheRelayOffAfterConfirmingAndTheMeterReportsIt() throws Exception {
        MeterConnection meter = onlineMeters(1, OtaBehaviour.DEFAULT).get(0);
        String id = RolloutApi.idOf(meter);
        browser.signIn(RolloutApi.ADMIN);
        browser.open("#/meters/" + id);
        browser.waitFor(d -> d.findElement(By.id("relay-state")).getText().equals("The relay is on."));

        // cancelling the confirmation sends nothing
        browser.click(By.id("relay-toggle"));
        browser.visible(By.cssSelector("#confirm button[value=cancel]")).click();
        assertThat(meter.meter().relayOn()).isTrue();

        browser.click(By.id("relay-toggle"));
        assertThat(browser.byId("confirm-text").getText()).contains("off", id);
        browser.confirm();
        // the page changes only once the meter itself reported the new state
        browser.waitFor(d -> d.findElement(By.id("relay-state")).getText().equals("The relay is off."),
                Duration.ofSeconds(30));
        assertThat(meter.meter().relayOn()).isFalse();
        browser.waitFor(d -> d.findElement(By.id("meter-power")).getText().equals("0 W"), Duration.ofSeconds(30));
        assertThat(api().get("/api/devices/{id}", id).jsonPath().getBoolean("relayOn")).isFalse();

        // and back on: the button now offers the opposite
        browser.click(By.id("relay-toggle"));
        browser.confirm();
        browser.waitFor(d -> d.findElement(By.id("relay-state")).getText().equals("The relay is on."),
                Duration.ofSeconds(30));
        assertThat(meter.meter().relayOn()).isTrue();
        browser.screenshot(SHOTS.resolve("meter.png"));
    }

    @Test
    void anOperatorUploadsAnImageStartsARolloutAndPausesIt() throws Exception {
        // slow downloads keep the rollout running while the test looks at it
        List<MeterConnection> fleet = onlineMeters(4, new OtaBehaviour(4 * 1024, OtaFault.NONE));
        String version = "1.18." + (400 + (int) (System.nanoTime() % 500));
        Path dir = Files.createTempDirectory("console-firmware");
        Path corrupt = Files.write(dir.resolve("OpenBK7231N_" + version + ".rbl"),
                "this is not an RBL package".getBytes(StandardCharsets.UTF_8));
        browser.signIn(RolloutApi.ADMIN);
        browser.open("#/rollouts");
        browser.byId("firmware-file").sendKeys(corrupt.toString());
        browser.visible(By.cssSelector("form.upload button[type=submit]")).click();
        browser.waitFor(d -> d.findElement(By.id("upload-message")).getText().contains("was refused:"));
        String refusal = browser.byId("upload-message").getText();
        assertThat(refusal).doesNotContain("Exception").hasSizeGreaterThan(40);

        Path good = Files.write(corrupt, RolloutApi.image(version, 64 * 1024));
        browser.byId("firmware-file").sendKeys(good.toString());
        browser.visible(By.cssSelector("form.upload button[type=submit]")).click();
        browser.waitFor(d -> d.findElement(By.id("upload-message")).getText().startsWith("Stored"));
        String firmware = api().get("/api/firmware").jsonPath()
                .getString("find { it.filename == '" + good.getFileName() + "' }.id");

        browser.waitFor(d -> !d.findElements(By.cssSelector("#rollout-firmware option[value='" + firmware + "']"))
                .isEmpty());
        browser.choose("rollout-firmware", firmware);
        browser.byId("rollout-devices").sendKeys(String.join("\n", fleet.stream().map(RolloutApi::idOf).toList()));
        setValue("rollout-waves", "100");
        setValue("rollout-concurrent", "1");
        browser.byId("rollout-preview-button").click();
        browser.waitFor(d -> d.findElement(By.id("rollout-preview")).getText()
                .startsWith("This rollout would update 4 meters"));
        browser.byId("rollout-create").click();
        browser.waitFor(d -> d.getCurrentUrl().matches(".*#/rollouts/[^/?]+$"));
        String rollout = browser.driver().getCurrentUrl().replaceAll(".*#/rollouts/", "");
        browser.waitFor(d -> d.findElement(By.id("rollout-state")).getText().equals("running"));
        browser.waitFor(d -> d.findElements(By.cssSelector("#rollout-device-table tbody tr")).size() == 4);
        browser.screenshot(SHOTS.resolve("rollout.png"));

        browser.click(By.id("rollout-pause"));
        browser.waitFor(d -> d.findElement(By.id("rollout-state")).getText().equals("paused"));
        assertThat(api().get("/api/rollouts/{id}", rollout).jsonPath().getString("state")).isEqualTo("PAUSED");
        assertThat(browser.all(By.id("rollout-resume"))).hasSize(1);
        assertThat(api().queryParam("limit", 50).get("/api/audit").asString()).contains("rollout.pause");
        api().post("/api/rollouts/{id}/cancel", rollout).then().statusCode(200);
    }

    @Test
    void theMonthlyCsvDownloadedInTheBrowserHoldsTheNumbersTheApiGives() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String device = "console-" + run;
        String circuit = "Console rack " + run;
        given().auth().oauth2(RolloutApi.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("id", device, "quantum", "1 Wh")).post("/api/devices").then().statusCode(201);
        long circuitId = given().auth().oauth2(RolloutApi.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", circuit, "timezone", "UTC")).post("/api/circuits").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        given().auth().oauth2(RolloutApi.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("device", device, "from", "2020-01-01T00:00:00Z")).post("/api/circuits/{id}/assignments",
                        circuitId).then().statusCode(201);
        StringBuilder readings = new StringBuilder();
        for (int day = 1; day <= 30; day++) {
            readings.append(EnergyApi.ndjson(device, String.format("2025-06-%02dT00:00:00Z", day), 1_000 * day + day
                    * day, "Wh", ""));
        }
        readings.append(EnergyApi.ndjson(device, "2025-07-01T00:00:00Z", 31_961, "Wh", ""));
        // the last day too, for the meter page's charts
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
        for (int hour = 30; hour >= 1; hour--) {
            readings.append(EnergyApi.ndjson(device, now.minus(Duration.ofHours(hour)).toString(),
                    40_000 + 90 * (30 - hour), "Wh", ""));
        }
        EnergyApi.importNdjson(readings.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> EnergyApi.report("2025-06")
                .getString("circuits.find { it.circuit == '" + circuit + "' }.energy_wh").equals("30960.000"));

        browser.signIn(RolloutApi.ADMIN);
        browser.open("#/energy?month=2025-06");
        WebElement line = browser.visible(By.cssSelector("#energy-table tr[data-circuit='" + circuit + "']"));
        assertThat(line.findElement(By.cssSelector("td.energy")).getText()).isEqualTo("30.960 kWh");
        browser.byId("energy-csv").click();
        Path csv = browser.downloads().resolve("energy-2025-06.csv");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(csv) && Files.size(csv) > 0);

        JsonPath report = EnergyApi.report("2025-06");
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows.get(0)).startsWith("circuit,month,timezone,energy_kwh,energy_wh,status");
        assertThat(rows).hasSize(report.getList("circuits").size() + 1);
        for (Map<String, Object> expected : report.<Map<String, Object>>getList("circuits")) {
            String[] fields = rows.stream().filter(r -> r.startsWith(csvName((String) expected.get("circuit")) + ","))
                    .findFirst().orElseThrow().split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
            assertThat(List.of(fields[1], fields[2], fields[4], fields[5])).as("CSV line of %s", expected.get("circuit"))
                    .containsExactly("2025-06", (String) expected.get("timezone"), (String) expected.get("energy_wh"),
                            (String) expected.get("status"));
            assertThat(new BigDecimal(fields[3])).as("kWh of %s", expected.get("circuit"))
                    .isEqualByComparingTo(new BigDecimal((String) expected.get("energy_wh")).movePointLeft(3));
        }
        browser.screenshot(SHOTS.resolve("energy.png"));

        // drill into the circuit: its days and its meter
        line.findElement(By.tagName("a")).click();
        browser.visible(By.cssSelector("#circuit-days-chart canvas"));
        browser.waitFor(d -> d.findElement(By.cssSelector("#assignment-table [data-energy-for='" + device + "']"))
                .getText().equals("30.960 kWh"));
        // and the meter page charts its last day and month from the counted energy
        browser.open("#/meters/" + device);
        browser.visible(By.cssSelector("#meter-power-chart canvas"));
        browser.visible(By.cssSelector("#meter-energy-chart canvas"));
    }

    private static String csvName(String name) {
        return name.contains(",") || name.contains("\"") ? "\"" + name.replace("\"", "\"\"") + "\"" : name;
    }

    @Test
    void aViewerSeesTheFleetButNoButtonThatWouldFail() throws Exception {
        MeterConnection meter = onlineMeters(1, OtaBehaviour.DEFAULT).get(0);
        String viewer = given().auth().oauth2(RolloutApi.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", "console-viewer-" + UUID.randomUUID(), "role", "viewer")).post("/api/tokens")
                .then().statusCode(201).extract().path("token");
        browser.signIn(viewer);
        assertThat(browser.byId("who").getText()).contains("viewer");
        browser.open("#/meters/" + RolloutApi.idOf(meter));
        browser.byId("relay-state");
        assertThat(browser.all(By.id("relay-toggle"))).isEmpty();
        assertThat(browser.all(By.id("console-command"))).isEmpty();
        browser.open("#/rollouts");
        browser.byId("firmware-list");
        assertThat(browser.all(By.id("firmware-file"))).isEmpty();
        assertThat(browser.all(By.id("new-rollout"))).isEmpty();
        browser.open("#/energy");
        browser.byId("circuit-admin");
        assertThat(browser.all(By.id("circuit-name"))).isEmpty();
        browser.byId("sign-out").click();
    }

    private void setValue(String id, String value) {
        WebElement input = browser.byId(id);
        input.clear();
        input.sendKeys(value);
    }
}
