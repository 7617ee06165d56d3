package zmai.fleet.process;

import zmai.fleet.MosquittoProcess;
import zmai.fleet.VirtualMeters;
import zmai.fleet.tracking.DeviceTracker;
import zmai.meter.virtual.LoadProfile;
import zmai.meter.virtual.MeterConfig;
import zmai.meter.virtual.MeterConnection;

import java.math.BigDecimal;
import java.net.HttpURLConnection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * A server process counting a virtual fleet under live load, with everything a fault needs at hand: a broker of
 * its own (which may be killed), optionally a line to it that may be cut, and the independent count of the readings
 * the broker accepted.
 */
final class LiveFleet implements AutoCloseable {

    private static final Duration PATIENCE = Duration.ofMinutes(3);
    /**
     * Each meter draws 1 kW on its own clock, which runs ten times faster: 10 kW in wall-clock time, about 2.8 Wh a
     * second, below the 16 kW beyond which the accountant holds an increase until the next reading confirms it.
     */
    private static final double WATTS = 1_000;

    final MosquittoProcess broker;
    final CuttableProxy line;
    final ServerProcess server;
    private final ReadingObserver observer;
    private final VirtualMeters meters;
    private final Map<String, String> deviceByTopic = new LinkedHashMap<>();
    private final Instant started = Instant.now();
    private boolean metersStopped;

    private LiveFleet(MosquittoProcess broker, CuttableProxy line, ServerProcess server, ReadingObserver observer,
                      VirtualMeters meters) {
        this.broker = broker;
        this.line = line;
        this.server = server;
        this.observer = observer;
        this.meters = meters;
    }

    /** Creates a server, given the environment settings that point it at the broker. */
    interface ServerFactory {
        ServerProcess create(Map<String, String> brokerSettings) throws Exception;
    }

    /** A fleet counted by a server on a fresh database of the machine's PostgreSQL. */
    static LiveFleet start(String database, int meterCount, boolean throughCuttableLine) throws Exception {
        return start(settings -> ServerProcess.onFreshDatabase(database, settings), meterCount, throughCuttableLine);
    }

    /** Broker, server (through a cuttable line if asked) and observer, then the meters, all counted once. */
    static LiveFleet start(ServerFactory servers, int meterCount, boolean throughCuttableLine) throws Exception {
        MosquittoProcess broker = MosquittoProcess.start();
        CuttableProxy line = throughCuttableLine ? new CuttableProxy("127.0.0.1", broker.port()) : null;
        ServerProcess server = servers.create(Map.of(
                "FLEET_MQTT_URL", line != null ? line.url() : broker.url(),
                // the broker keeps the server's session while it is away
                "FLEET_MQTT_SESSION_EXPIRY", "1h"));
        server.start();
        LiveFleet fleet = new LiveFleet(broker, line, server, new ReadingObserver(broker.url()),
                new VirtualMeters(broker.url()));
        for (int i = 0; i < meterCount; i++) {
            MeterConnection m = fleet.meters.start(MeterConfig.defaults(VirtualMeters.uniqueMac(), VirtualMeters.BUILD,
                    LoadProfile.constant(WATTS, 1), i));
            fleet.deviceByTopic.put(m.meter().topic().toString(), DeviceTracker.idFor(m.meter().mac()));
        }
        await().atMost(PATIENCE).until(() -> fleet.devicesCountedSince(fleet.started) == meterCount);
        return fleet;
    }

    int meterCount() {
        return deviceByTopic.size();
    }

    /**
     * From the end of a fault until the server is ready and has stored a reading from every meter that the broker
     * passed on after it: serving and counting again.
     */
    Duration awaitRecovery(Instant faultEnded) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> ready() && devicesCountedSince(faultEnded) == meterCount());
        return Duration.between(faultEnded, Instant.now());
    }

    private boolean ready() throws java.io.IOException {
        HttpURLConnection c = (HttpURLConnection) server.uri("/q/health/ready").toURL().openConnection();
        c.setConnectTimeout(500);
        c.setReadTimeout(2_000);
        return c.getResponseCode() == 200;
    }

    private long devicesCountedSince(Instant since) throws SQLException {
        try (Connection c = server.database(); PreparedStatement s = c.prepareStatement(
                "SELECT count(DISTINCT device_pk) FROM energy_reading WHERE register = 'energy_total'"
                        + " AND received_at >= ?")) {
            s.setTimestamp(1, Timestamp.from(since));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Stops the meters, waits until the server holds each meter's last reading and has accounted it, and compares
     * the energy the server shows per device with what each meter's counter moved in the independent count.
     */
    Comparison compare() throws Exception {
        stopMeters();
        Map<String, List<Long>> observed = new HashMap<>();
        deviceByTopic.forEach((topic, device) -> observed.put(device, observer.readings(topic)));
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> {
            Map<String, Set<Long>> stored = storedReadings();
            return observed.entrySet().stream().allMatch(e -> e.getValue().isEmpty()
                    || stored.getOrDefault(e.getKey(), Set.of()).contains(e.getValue().get(e.getValue().size() - 1)));
        });
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> accountingDue() == 0);
        Map<String, Set<Long>> stored = storedReadings();
        long expected = 0;
        long counted = 0;
        long readings = 0;
        long missed = 0;
        List<String> differing = new ArrayList<>();
        int devicesMissingReadings = 0;
        for (Map.Entry<String, List<Long>> e : observed.entrySet()) {
            List<Long> values = e.getValue();
            long deviceExpected = values.isEmpty() ? 0 : values.get(values.size() - 1) - values.get(0);
            long deviceCounted = shownMwh(e.getKey());
            expected += deviceExpected;
            counted += deviceCounted;
            if (deviceExpected != deviceCounted) {
                differing.add(e.getKey());
            }
            Set<Long> distinct = new HashSet<>(values);
            readings += distinct.size();
            long deviceMissed = distinct.stream().filter(v -> !stored.getOrDefault(e.getKey(), Set.of()).contains(v))
                    .count();
            missed += deviceMissed;
            devicesMissingReadings += deviceMissed > 0 ? 1 : 0;
        }
        return new Comparison(expected, counted, readings, missed, devicesMissingReadings, differing);
    }

    /**
     * @param readings               distinct readings in the independent count
     * @param missed                 of them, not stored by the server
     * @param devicesMissingReadings devices with at least one reading missed
     * @param differing              devices whose energy differs from their counter's movement
     */
    record Comparison(long expectedMwh, long countedMwh, long readings, long missed, int devicesMissingReadings,
                      List<String> differing) {

        String readingsCell() {
            return readings + " / " + (readings - missed);
        }

        String affectedCell(int meters, String whyMissed) {
            String energy = differing.isEmpty() ? "none with an energy difference"
                    : differing.size() + " with an energy difference";
            return devicesMissingReadings == 0 ? energy + "; of " + meters + ", none missed a reading"
                    : energy + "; " + devicesMissingReadings + " of " + meters + " missed readings (" + whyMissed + ")";
        }
    }

    private long shownMwh(String device) {
        Instant from = started.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(2));
        String wh = given().auth().oauth2(ServerProcess.ADMIN_TOKEN).queryParam("from", from.toString())
                .queryParam("to", to.toString()).queryParam("step", "h")
                .get(server.uri("/api/devices/" + device + "/energy")).then().statusCode(200).extract().jsonPath()
                .getString("totalWh");
        return new BigDecimal(wh).movePointRight(3).longValueExact();
    }

    private Map<String, Set<Long>> storedReadings() throws SQLException {
        Map<String, Set<Long>> stored = new HashMap<>();
        try (Connection c = server.database(); PreparedStatement s = c.prepareStatement(
                "SELECT d.id, r.value_mwh FROM energy_reading r JOIN device d ON d.pk = r.device_pk"
                        + " WHERE r.register = 'energy_total'");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                stored.computeIfAbsent(rs.getString(1), d -> new HashSet<>()).add(rs.getLong(2));
            }
        }
        return stored;
    }

    private long accountingDue() throws SQLException {
        try (Connection c = server.database(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM accounting_due"); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void stopMeters() throws Exception {
        if (!metersStopped) {
            metersStopped = true;
            meters.close();
        }
    }

    @Override
    public void close() throws Exception {
        try (MosquittoProcess b = broker; ServerProcess s = server; ReadingObserver o = observer) {
            stopMeters();
            if (line != null) {
                line.close();
            }
        }
    }
}
