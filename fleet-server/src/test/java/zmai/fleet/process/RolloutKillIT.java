package zmai.fleet.process;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import zmai.core.firmware.RblHeader;
import zmai.fleet.VirtualMeters;
import zmai.fleet.tracking.DeviceTracker;
import zmai.meter.virtual.LoadProfile;
import zmai.meter.virtual.MeterConfig;
import zmai.meter.virtual.MeterConnection;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server is killed with SIGKILL in the middle of a rollout, with devices commanded, downloading and rebooting.
 * Started again, it carries on from the database: devices that were updating end in a state their evidence
 * supports, the queued ones are commanded, and no device is ever told twice.
 */
class RolloutKillIT {

    private static final int METERS = 16;

    @Test
    void aRolloutCarriesOnAfterTheServerIsKilledAndCommandsNoDeviceTwice() throws Exception {
        try (ServerProcess server = ServerProcess.onFreshDatabase("fleet_rollout_kill");
             VirtualMeters meters = new VirtualMeters()) {
            server.start();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < METERS; i++) {
                MeterConnection m = meters.start(MeterConfig.defaults(VirtualMeters.uniqueMac(), VirtualMeters.BUILD,
                        LoadProfile.constant(60, 1), i));
                ids.add(DeviceTracker.idFor(m.meter().mac()));
            }
            await().atMost(Duration.ofMinutes(2)).until(() -> ready(server) == METERS);
            byte[] app = new byte[300_000];
            app[0] = 1;
            String firmware = api().contentType(ContentType.BINARY).queryParam("filename", "OpenBK7231N_1.18.400.rbl")
                    .body(RblHeader.buildFile(RblHeader.forPlainApplication("1.18.400", app, 1_760_000_000L), app))
                    .post(server.uri("/api/firmware")).then().statusCode(201).extract().path("id");
            String id = api().contentType(ContentType.JSON).body(Map.of("firmware", firmware, "devices", ids,
                    "maxConcurrent", 4, "failureThresholdPercent", 100)).post(server.uri("/api/rollouts")).then()
                    .statusCode(201).extract().path("id");

            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50))
                    .until(() -> count(server, id, "SUCCEEDED") >= 2 && inFlight(server, id) > 0);
            long inFlightAtKill = inFlight(server, id);
            server.kill();
            ServerLog log = ServerLog.from(server);
            Thread.sleep(3_000); // devices that were told meanwhile find no server and reboot
            Instant restarted = Instant.now();
            server.start();

            JsonPath done = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> rollout(server, id), r -> "FINISHED".equals(r.getString("state")));
            Duration recovery = Duration.between(restarted, Instant.now());
            int succeeded = done.getInt("counts.SUCCEEDED");
            Map<String, Integer> counts = done.getMap("counts");
            List<String> twice = duplicateCommands(server);
            FaultReport.record(new FaultResult("`kill -9` of the server during a rollout, restarted after 3 s",
                    METERS + " virtual meters, 4 at a time; " + inFlightAtKill + " commanded, downloading or"
                            + " rebooting at the kill", "—", null, "commanded twice: " + twice.size()
                            + "; the rollout ended " + counts, recovery,
                    "time to recover is from the restart to the rollout's end; " + log.summary()));
            assertThat(succeeded).as(done.prettify()).isGreaterThanOrEqualTo(METERS - 4);
            // told but never fetched; cut off mid-download; or cut off and rebooted into the old application
            assertThat(counts.keySet()).isSubsetOf("SUCCEEDED", "FAILED_NO_FETCH", "FAILED_DOWNLOAD_ABORTED",
                    "FAILED_SAME_VERSION");
            assertThat(twice).as("devices commanded more than once").isEmpty();

            api().post(server.uri("/api/rollouts/" + id + "/retry-failed")).then().statusCode(succeeded == METERS
                    ? 409 : 200);
            JsonPath retried = await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> rollout(server, id), r -> "FINISHED".equals(r.getString("state")));
            assertThat(retried.getInt("counts.SUCCEEDED")).isEqualTo(METERS);
        }
    }

    private static RequestSpecification api() {
        return given().auth().oauth2(ServerProcess.ADMIN_TOKEN).accept(ContentType.JSON);
    }

    private static JsonPath rollout(ServerProcess server, String id) {
        return api().get(server.uri("/api/rollouts/" + id)).then().statusCode(200).extract().jsonPath();
    }

    private static long ready(ServerProcess server) throws SQLException {
        return single(server, "SELECT count(*) FROM device WHERE online AND firmware_version IS NOT NULL"
                + " AND rssi IS NOT NULL");
    }

    private static long count(ServerProcess server, String rollout, String state) throws SQLException {
        return single(server, "SELECT count(*) FROM rollout_device rd JOIN rollout r ON r.pk = rd.rollout_pk"
                + " WHERE r.id = '" + rollout + "' AND rd.state = '" + state + "'");
    }

    private static long inFlight(ServerProcess server, String rollout) throws SQLException {
        return single(server, "SELECT count(*) FROM rollout_device rd JOIN rollout r ON r.pk = rd.rollout_pk"
                + " WHERE r.id = '" + rollout + "' AND rd.state IN ('COMMANDED', 'DOWNLOADING', 'REBOOTING',"
                + " 'VERIFYING')");
    }

    /** Devices with more ota_http commands than attempts. */
    private static List<String> duplicateCommands(ServerProcess server) throws SQLException {
        List<String> twice = new ArrayList<>();
        try (Connection c = server.database(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT a.device_id FROM command_audit a JOIN rollout_device rd"
                     + " ON rd.device_id = a.device_id WHERE a.topic LIKE '%/ota_http'"
                     + " GROUP BY a.device_id, rd.attempt HAVING count(*) > rd.attempt")) {
            while (rs.next()) {
                twice.add(rs.getString(1));
            }
        }
        return twice;
    }

    private static long single(ServerProcess server, String sql) throws SQLException {
        try (Connection c = server.database(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
