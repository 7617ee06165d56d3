package zmai.fleet.process;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server is killed with SIGKILL in the middle of a large import, after some batches were stored and while the
 * request was still open. After a restart every reading it had stored is accounted (the background accountant
 * takes up what the request did not live to account), and the same import sent again completes the history:
 * every circuit then holds exactly the energy its meter's counter moved, nothing lost and nothing counted twice.
 */
class ImportKillIT {

    private static final int METERS = ChaosScale.CURRENT.importMeters();
    private static final int DAYS = ChaosScale.CURRENT.importDays();
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final Duration STEP = Duration.ofMinutes(15);
    private static final int STEPS = DAYS * 96;
    private static final int LINES = METERS * STEPS;
    /** Lines sent before the sender stalls; the server has stored at least one batch of them when it dies. */
    private static final int SENT_BEFORE_KILL = LINES * 2 / 3;

    @Test
    void storedReadingsAreAccountedAfterAKillAndImportingAgainCountsNothingTwice() throws Exception {
        try (ServerProcess server = ServerProcess.onFreshDatabase("fleet_import_kill")) {
            server.start();
            Map<Integer, Long> circuits = new HashMap<>();
            for (int m = 1; m <= METERS; m++) {
                circuits.put(m, declareMeterAndCircuit(server, m));
            }

            AtomicReference<Exception> senderFailure = new AtomicReference<>();
            CountDownLatch killed = new CountDownLatch(1);
            Thread sender = new Thread(() -> {
                try {
                    sendStallingAfter(server, killed);
                } catch (IOException | InterruptedException e) {
                    senderFailure.set(e);
                }
            }, "import-sender");
            sender.start();
            await().atMost(Duration.ofMinutes(2)).until(() -> storedReadings(server) > 0);
            Thread.sleep(500);
            server.kill();
            killed.countDown();
            sender.join(Duration.ofMinutes(1).toMillis());
            assertThat(senderFailure.get()).as("the import request died with the server").isNotNull();

            long storedBeforeKill = storedReadings(server);
            assertThat(storedBeforeKill).as("some batches, not the whole import, were stored")
                    .isBetween(1L, (long) SENT_BEFORE_KILL);

            ServerLog log = ServerLog.from(server);
            Instant restarted = Instant.now();
            server.start();
            await().atMost(Duration.ofMinutes(5)).until(() -> dueRegisters(server) == 0);
            Duration recovery = Duration.between(restarted, Instant.now());
            Map<Integer, Instant> lastStored = lastStoredReadings(server);
            for (int m = 1; m <= METERS; m++) {
                assertThat(circuitEnergy(server, circuits.get(m))).as("meter %d after the restart", m)
                        .isEqualTo(counterMwh(m, lastStored.get(m)) - counterMwh(m, START));
            }

            JsonPath again = importAll(server);
            Instant last = START.plus(STEP.multipliedBy(STEPS - 1));
            long expected = 0;
            long counted = 0;
            List<Integer> differing = new ArrayList<>();
            for (int m = 1; m <= METERS; m++) {
                long meterExpected = counterMwh(m, last) - counterMwh(m, START);
                long meterCounted = circuitEnergy(server, circuits.get(m));
                expected += meterExpected;
                counted += meterCounted;
                if (meterCounted != meterExpected) {
                    differing.add(m);
                }
            }
            FaultReport.record(new FaultResult(String.format(Locale.ROOT, "`kill -9` of the server in the middle of"
                    + " an import of %,d lines, the request still open; restarted, then the same import sent again",
                    LINES), METERS + " meters, " + DAYS + " days of 15-minute readings, one NDJSON request",
                    String.format(Locale.ROOT, "%,d / %,d (%,d stored before the kill; again: %,d accepted, %,d"
                            + " duplicates, %,d rejected)", LINES, storedReadings(server), storedBeforeKill,
                            again.getLong("accepted"), again.getLong("duplicates"), again.getLong("rejected")),
                    new FaultResult.Energy(expected, counted), differing.isEmpty() ? "none"
                    : differing.size() + " circuits with an energy difference", recovery,
                    "the import request failed with the server; after the restart the accountant took up what the"
                            + " request had stored but not accounted; " + log.summary()));
            assertThat(again.getLong("accepted")).isEqualTo(LINES - storedBeforeKill);
            assertThat(again.getLong("duplicates")).isEqualTo(storedBeforeKill);
            assertThat(again.getLong("rejected")).isZero();
            assertThat(differing).as("circuits whose energy differs from their meter's counter").isEmpty();
            assertThat(counted).isEqualTo(expected);
        }
    }

    /** A meter's counter in mWh: each meter draws its own steady load, a whole number of watts. */
    private static long counterMwh(int meter, Instant at) {
        long watts = 150 + 37L * meter;
        return 5_000_000L * meter + Duration.between(START, at).toSeconds() * watts * 1000 / 3600;
    }

    private static String line(int index) {
        int meter = index % METERS + 1;
        Instant at = START.plus(STEP.multipliedBy(index / METERS));
        long mwh = counterMwh(meter, at);
        return "{\"device\":\"kill-" + meter + "\",\"ts\":\"" + at + "\",\"register\":\"energy_total\",\"value\":\""
                + mwh / 1000 + "." + String.format("%03d", mwh % 1000) + "\",\"unit\":\"Wh\"}\n";
    }

    /** The whole import in one request, streamed: a million lines need not be in memory at once. */
    private static JsonPath importAll(ServerProcess server) throws IOException {
        HttpURLConnection request = importRequest(server);
        try (Writer writer = new OutputStreamWriter(request.getOutputStream(), StandardCharsets.UTF_8)) {
            for (int i = 0; i < LINES; i++) {
                writer.write(line(i));
            }
        }
        assertThat(request.getResponseCode()).isEqualTo(200);
        try (InputStream in = request.getInputStream()) {
            return JsonPath.from(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static HttpURLConnection importRequest(ServerProcess server) throws IOException {
        HttpURLConnection request = (HttpURLConnection) server.uri("/api/readings").toURL().openConnection();
        request.setRequestMethod("POST");
        request.setDoOutput(true);
        request.setChunkedStreamingMode(64 * 1024);
        request.setRequestProperty("Content-Type", "application/x-ndjson");
        request.setRequestProperty("Authorization", "Bearer " + ServerProcess.ADMIN_TOKEN);
        return request;
    }

    /** Streams the import, then holds the request open, unfinished, until the server is gone. */
    private static void sendStallingAfter(ServerProcess server, CountDownLatch killed)
            throws IOException, InterruptedException {
        HttpURLConnection request = importRequest(server);
        try (OutputStream out = request.getOutputStream();
             Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            for (int i = 0; i < SENT_BEFORE_KILL; i++) {
                writer.write(line(i));
            }
            writer.flush();
            killed.await(3, TimeUnit.MINUTES);
            for (int i = SENT_BEFORE_KILL; i < LINES; i++) {
                writer.write(line(i));
            }
        }
        request.getResponseCode();
    }

    private static RequestSpecification api(ServerProcess server) {
        return given().auth().oauth2(ServerProcess.ADMIN_TOKEN);
    }

    private static long declareMeterAndCircuit(ServerProcess server, int meter) {
        api(server).contentType(ContentType.JSON).body("{\"id\":\"kill-" + meter + "\",\"quantum\":\"0.001Wh\"}")
                .post(server.uri("/api/devices")).then().statusCode(201);
        long circuit = api(server).contentType(ContentType.JSON)
                .body("{\"name\":\"kill/circuit-" + meter + "\",\"timezone\":\"UTC\"}")
                .post(server.uri("/api/circuits")).then().statusCode(201).extract().jsonPath().getLong("id");
        api(server).contentType(ContentType.JSON)
                .body("{\"device\":\"kill-" + meter + "\",\"from\":\"2024-12-01T00:00:00Z\",\"to\":null}")
                .post(server.uri("/api/circuits/" + circuit + "/assignments")).then().statusCode(201);
        return circuit;
    }

    /** The circuit's energy over the whole history (at most a year from its start), from the API in whole months. */
    private static long circuitEnergy(ServerProcess server, long circuit) {
        String wh = api(server).queryParam("from", "2024-12-01").queryParam("to", "2026-01-01")
                .queryParam("step", "1mo").get(server.uri("/api/circuits/" + circuit + "/energy")).then()
                .statusCode(200).extract().jsonPath().getString("totalWh");
        return new java.math.BigDecimal(wh).movePointRight(3).longValueExact();
    }

    private static long storedReadings(ServerProcess server) throws SQLException {
        return single(server, "SELECT count(*) FROM energy_reading");
    }

    private static long dueRegisters(ServerProcess server) throws SQLException {
        return single(server, "SELECT count(*) FROM accounting_due");
    }

    /** Each meter's last stored reading, checking that what is stored is every reading up to it, no holes. */
    private static Map<Integer, Instant> lastStoredReadings(ServerProcess server) throws SQLException {
        Map<Integer, Instant> last = new HashMap<>();
        try (Connection c = server.database(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT d.id, max(r.at), count(*) FROM energy_reading r"
                     + " JOIN device d ON d.pk = r.device_pk GROUP BY d.id")) {
            while (rs.next()) {
                Instant at = rs.getTimestamp(2).toInstant();
                assertThat(rs.getLong(3)).as("readings of %s up to %s", rs.getString(1), at)
                        .isEqualTo(Duration.between(START, at).dividedBy(STEP) + 1);
                last.put(Integer.parseInt(rs.getString(1).substring("kill-".length())), at);
            }
        }
        assertThat(last).hasSize(METERS);
        return last;
    }

    private static long single(ServerProcess server, String sql) throws SQLException {
        try (Connection c = server.database(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
