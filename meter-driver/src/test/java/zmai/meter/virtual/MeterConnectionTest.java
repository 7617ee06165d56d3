package zmai.meter.virtual;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import zmai.core.firmware.RblHeader;
import zmai.core.meter.DeviceTopic;
import zmai.core.meter.MacAddress;
import zmai.core.topic.MeterMessage;
import zmai.core.topic.OutboundCommand;
import zmai.core.topic.ParseResult;
import zmai.core.topic.TopicParser;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Virtual meters on the real Mosquitto at 127.0.0.1:1883; time is driven by hand. */
class MeterConnectionTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final FirmwareBuild BUILD = FirmwareBuild.openBk7231n("1.18.288", LocalDateTime.of(2025, 3, 1, 10, 11, 12));
    static final MeterConnection.Timing FAST = new MeterConnection.Timing(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofSeconds(1));

    private final HandDrivenMeters meters = new HandDrivenMeters();
    private final SettableClock clock = meters.clock;
    private BrokerProbe probe;

    @AfterEach
    void closeAll() throws Exception {
        meters.close(probe);
    }

    static MacAddress uniqueMac() {
        long n = System.nanoTime() ^ (long) (Math.random() * Long.MAX_VALUE);
        byte[] b = {(byte) 0xc8, 0x47, (byte) (n >> 24), (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        return MacAddress.fromBytes(b);
    }

    MeterConnection start(MeterConfig config) throws Exception {
        return meters.start(config, FAST);
    }

    void tick(MeterConnection c, int seconds) {
        meters.tick(c, seconds);
    }

    void tickUntilConnected(MeterConnection c) throws InterruptedException {
        meters.tickUntilConnected(c, probe);
    }

    static MeterMessage parsed(BrokerProbe.Received r) {
        ParseResult p = TopicParser.parse(r.topic(), r.payload().getBytes(StandardCharsets.UTF_8), r.retained());
        assertThat(p).as(r.toString()).isInstanceOf(ParseResult.Accepted.class);
        return ((ParseResult.Accepted) p).inbound().messages().get(0);
    }

    @Test
    void connectsOnlineRetainedThenSweepsInfoInOrder() throws Exception {
        MeterConfig config = MeterConfig.defaults(uniqueMac(), BUILD, LoadProfile.constant(60, 1), 1);
        String t = config.topic().value();
        probe = new BrokerProbe(t + "/#");
        MeterConnection c = start(config);
        tickUntilConnected(c);
        BrokerProbe.Received online = probe.await(t + "/connected", WAIT);
        assertThat(online.payload()).isEqualTo("online");
        assertThat(parsed(online)).isEqualTo(new MeterMessage.Availability(true));
        tick(c, 13);
        List<String> order = new ArrayList<>();
        for (String item : List.of("host", "build", "mac", "temp", "ssid", "datetime", "sockets", "rssi", "uptime",
                "freeheap", "ip")) {
            BrokerProbe.Received r = probe.await(x -> x.topic().equals(t + "/" + item) || !x.topic().endsWith("/get")
                    && !x.topic().equals(t + "/connected"), WAIT);
            order.add(r.topic().substring(t.length() + 1));
            assertThat(r.qos()).isEqualTo(1);
            assertThat(r.retained()).isFalse();
            if (item.equals("build")) {
                assertThat(r.payload()).isEqualTo("OpenBK7231N 1.18.288 Mar  1 2025 10:11:12");
                assertThat(parsed(r)).isInstanceOf(MeterMessage.Build.class);
            }
        }
        assertThat(order).containsExactly("host", "build", "mac", "temp", "ssid", "datetime", "sockets", "rssi",
                "uptime", "freeheap", "ip");
        // a late subscriber sees the retained availability
        try (BrokerProbe late = new BrokerProbe(t + "/connected")) {
            assertThat(late.await(t + "/connected", WAIT).retained()).isTrue();
        }
    }

    @Test
    void energyCounterGrowsAndRelayCommandStopsPower() throws Exception {
        MeterConfig config = MeterConfig.defaults(uniqueMac(), BUILD, LoadProfile.constant(1800, 1), 2);
        DeviceTopic topic = config.topic();
        probe = new BrokerProbe(topic + "/#");
        MeterConnection c = start(config);
        tickUntilConnected(c);
        tick(c, 70);
        BrokerProbe.Received power = probe.await(topic + "/power/get", WAIT);
        assertThat(power.qos()).isZero();
        assertThat(parsed(power)).isEqualTo(new MeterMessage.Measurement(zmai.core.topic.Quantity.POWER,
                new BigDecimal("1800.00")));
        // 1800 W = 0.5 Wh/s: the counter publishes about every 5 s
        BrokerProbe.Received e1 = probe.await(topic + "/energycounter/get", WAIT);
        BrokerProbe.Received e2 = probe.await(topic + "/energycounter/get", WAIT);
        assertThat(Double.parseDouble(e2.payload()) - Double.parseDouble(e1.payload())).isBetween(2.4, 3.1);

        OutboundCommand off = OutboundCommand.power(topic, false);
        probe.publish(off.topic(), off.payload());
        probe.await(topic + "/1/get", "0", WAIT);
        tick(c, 70);
        probe.await(topic + "/power/get", "0.00", WAIT);
        assertThat(c.meter().relayOn()).isFalse();
    }

    @Test
    void restartFiresTheWillThenComesBackWithFreshUptimeAndNoMoreThanTenWhLess() throws Exception {
        MeterConfig config = MeterConfig.defaults(uniqueMac(), BUILD, LoadProfile.constant(2500, 1), 3)
                .withFlags(Set.of(MeterFlags.HEARTBEAT));
        DeviceTopic topic = config.topic();
        probe = new BrokerProbe(topic + "/#");
        MeterConnection c = start(config);
        tickUntilConnected(c);
        probe.await(topic + "/connected", "online", WAIT);
        tick(c, 100);
        probe.await(topic + "/uptime", WAIT);
        BrokerProbe.Received lastEnergy = null;
        tick(c, 10);
        lastEnergy = probe.await(topic + "/energycounter/get", WAIT);
        OutboundCommand restart = OutboundCommand.restart(topic);
        probe.publish(restart.topic(), restart.payload());
        BrokerProbe.Received offline = probe.await(topic + "/connected", WAIT);
        assertThat(offline.payload()).isEqualTo("offline");
        assertThat(offline.retained()).isFalse(); // delivered live; the retained flag is only set on replays
        tickUntilConnected(c);
        probe.await(topic + "/connected", "online", WAIT);
        tick(c, 12);
        BrokerProbe.Received uptime = probe.await(topic + "/uptime", WAIT);
        assertThat(((MeterMessage.Uptime) parsed(uptime)).seconds()).isLessThan(100); // it was past 110 before
        tick(c, 10);
        BrokerProbe.Received energy = probe.await(topic + "/energycounter/get", WAIT);
        BigDecimal before = ((MeterMessage.EnergyCounterReading) parsed(lastEnergy)).value();
        BigDecimal after = ((MeterMessage.EnergyCounterReading) parsed(energy)).value();
        assertThat(after).isGreaterThan(before.subtract(BigDecimal.TEN));
    }

    @Test
    void energyCounterResetPublishesZeroAndANewClearDate() throws Exception {
        MeterConfig config = MeterConfig.defaults(uniqueMac(), BUILD, LoadProfile.constant(3000, 1), 4);
        DeviceTopic topic = config.topic();
        probe = new BrokerProbe(topic + "/#");
        MeterConnection c = start(config);
        tickUntilConnected(c);
        tick(c, 120);
        OutboundCommand reset = OutboundCommand.energyCounterReset(topic, Optional.empty());
        probe.publish(reset.topic(), reset.payload());
        awaitMeter(() -> c.meter().energyMilliWh() < 1000);
        String resetAt = clock.instant().toString().substring(0, 16) + "+00:00";
        tick(c, 6);
        BrokerProbe.Received date = probe.await(r -> r.topic().equals(topic + "/energycounter_clear_date/get")
                && !r.payload().startsWith("1970"), WAIT);
        assertThat(date.payload()).isEqualTo(resetAt);
        assertThat(parsed(date)).isInstanceOf(MeterMessage.EnergyClearDate.class);
        BrokerProbe.Received energy = probe.await(topic + "/energycounter/get", WAIT);
        assertThat(Double.parseDouble(energy.payload())).isLessThan(6);
    }

    @Test
    void otaBootsTheNewBuildFromAGoodImageAndTheOldFromACorruptOne() throws Exception {
        byte[] firmware = new byte[64 * 1024];
        new java.util.Random(5).nextBytes(firmware);
        byte[] good = RblHeader.buildFile(RblHeader.forPlainApplication("1.18.301", firmware, 1), firmware);
        byte[] corrupt = good.clone();
        corrupt[1000] ^= 0x10;
        AtomicInteger gets = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        serve(server, "/OpenBK7231N_1.18.301.rbl", good, gets);
        serve(server, "/bad/OpenBK7231N_1.18.301.rbl", corrupt, gets);
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            MeterConfig config = MeterConfig.defaults(uniqueMac(), BUILD, LoadProfile.constant(100, 1), 5);
            DeviceTopic topic = config.topic();
            probe = new BrokerProbe(topic + "/#");
            MeterConnection c = start(config);
            tickUntilConnected(c);
            probe.await(topic + "/connected", "online", WAIT);
            tick(c, 35);

            OutboundCommand bad = OutboundCommand.otaHttp(topic, URI.create(base + "/bad/OpenBK7231N_1.18.301.rbl"));
            probe.publish(bad.topic(), bad.payload());
            probe.await(topic + "/connected", "offline", WAIT);
            awaitMeter(() -> c.meter().phase() == MeterPhase.RUNNING);
            tickUntilConnected(c);
            probe.await(topic + "/connected", "online", WAIT);
            tick(c, 3);
            assertThat(probe.await(topic + "/build", WAIT).payload())
                    .isEqualTo("OpenBK7231N 1.18.288 Mar  1 2025 10:11:12");
            tick(c, 35);

            OutboundCommand ok = OutboundCommand.otaHttp(topic, URI.create(base + "/OpenBK7231N_1.18.301.rbl"));
            probe.publish(ok.topic(), ok.payload());
            probe.await(topic + "/connected", "offline", WAIT);
            awaitMeter(() -> c.meter().phase() == MeterPhase.RUNNING);
            tickUntilConnected(c);
            probe.await(topic + "/connected", "online", WAIT);
            tick(c, 3);
            BrokerProbe.Received build = probe.await(topic + "/build", WAIT);
            assertThat(build.payload()).isEqualTo("OpenBK7231N 1.18.301 Mar  1 2025 10:11:12");
            assertThat(((MeterMessage.Build) parsed(build)).info().version().toString()).isEqualTo("1.18.301");
            assertThat(gets.get()).isEqualTo(2);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aMeterTheBrokerDropsForAnotherClientWithItsIdComesBack() throws Exception {
        MeterConfig config = MeterConfig.defaults(uniqueMac(), BUILD, LoadProfile.constant(60, 1), 9);
        String topic = config.topic().value();
        probe = new BrokerProbe(topic + "/connected");
        MeterConnection meter = start(config);
        tickUntilConnected(meter);
        probe.await(topic + "/connected", "online", WAIT);
        // a second client with the same id takes the session over, as a misconfigured twin would
        try (org.eclipse.paho.client.mqttv3.MqttClient twin = new org.eclipse.paho.client.mqttv3.MqttClient(
                BrokerProbe.BROKER, topic, new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence())) {
            twin.connect();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (meter.isConnected()) {
                assertThat(System.nanoTime()).as("the broker drops the meter").isLessThan(deadline);
                probe.awaitQuietly(Duration.ofMillis(20));
            }
            twin.disconnect();
        }
        tickUntilConnected(meter);
        probe.await(topic + "/connected", "online", WAIT);
    }

    @Test
    void twoMetersWithOneClientIdKeepTakingTheSessionFromEachOther() throws Exception {
        MeterConfig config = MeterConfig.defaults(uniqueMac(), BUILD, LoadProfile.constant(60, 1), 9);
        String topic = config.topic().value();
        probe = new BrokerProbe(topic + "/connected");
        MeterConnection first = start(config);
        MeterConnection second = start(config);
        Set<MeterConnection> heldTheSession = new java.util.HashSet<>();
        int onlineAnnouncements = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (heldTheSession.size() < 2 || onlineAnnouncements < 4) {
            assertThat(System.nanoTime()).as("both twins connected, %d online announcements", onlineAnnouncements)
                    .isLessThan(deadline);
            tick(first, 1);
            tick(second, 1);
            for (MeterConnection c : List.of(first, second)) {
                if (c.isConnected()) {
                    heldTheSession.add(c);
                }
            }
            BrokerProbe.Received r;
            while ((r = probe.pollQuietly(Duration.ofMillis(50))) != null) {
                if (r.payload().equals("online")) {
                    onlineAnnouncements++;
                }
            }
        }
    }

    private void awaitMeter(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition in time").isLessThan(deadline);
            probe.awaitQuietly(Duration.ofMillis(10));
        }
    }

    private static void serve(HttpServer server, String path, byte[] body, AtomicInteger gets) {
        server.createContext(path, exchange -> {
            gets.incrementAndGet();
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            } catch (IOException e) {
                // the meter hung up
            }
        });
    }
}
