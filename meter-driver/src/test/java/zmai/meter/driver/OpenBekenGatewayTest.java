package zmai.meter.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import zmai.core.meter.DeviceTopic;
import zmai.core.meter.MacAddress;
import zmai.core.topic.EnergyRegister;
import zmai.core.topic.MeterMessage;
import zmai.core.topic.ParseResult;
import zmai.core.topic.Quantity;
import zmai.core.topic.TopicParser;
import zmai.meter.sim.ManualClock;

/** Against the real Mosquitto on 127.0.0.1:1883; every test uses its own topic. */
class OpenBekenGatewayTest {

    private static final String BROKER = "tcp://127.0.0.1:1883";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:11:12Z"));
    private final String topic = "obkT" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    private final Map<String, Received> received = new ConcurrentHashMap<>();
    private MqttClient listener;

    private record Received(String payload, boolean retained) {
    }

    @BeforeEach
    void listen() throws Exception {
        listener = new MqttClient(BROKER, "listener-" + topic, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        listener.connect(options);
        listener.subscribe(topic + "/#", 2, (t, m) ->
                received.put(t, new Received(new String(m.getPayload(), StandardCharsets.UTF_8), m.isRetained())));
    }

    @AfterEach
    void clearRetained() throws Exception {
        listener.publish(topic + "/connected", new byte[0], 1, true);
        listener.disconnect();
        listener.close();
    }

    private OpenBekenGateway gateway(MeterSource source) throws Exception {
        GatewayIdentity identity = new GatewayIdentity(new DeviceTopic(topic), MacAddress.parse("8C:11:22:33:44:55"),
                "127.0.0.1", "1.18.288", LocalDateTime.of(2025, 3, 1, 10, 11, 12));
        return new OpenBekenGateway(BROKER, identity, source, clock);
    }

    private static MeterSource bulb(long milliWattHours) {
        Reading reading = new Reading(Instant.EPOCH, 230.04, 0.2609, 60.01, Reading.powerFactor(230.04, 0.2609, 60.01),
                50, 0, 0xD879, false);
        return () -> new MeterSample(reading, milliWattHours);
    }

    @Test
    void publishesOnlineTheInfoSweepAndTheSensorsAsOpenBekenDoes() throws Exception {
        try (OpenBekenGateway gateway = gateway(bulb(12_345_678))) {
            gateway.connect();
            for (int frame = 0; frame < 6; frame++) {
                clock.advance(Duration.ofSeconds(1));
                gateway.frame();
            }
            awaitTopics("connected", "host", "build", "mac", "datetime", "uptime", "ip", "voltage/get", "current/get",
                    "power/get", "power_factor/get", "energycounter/get");
        }
        assertThat(received.get(topic + "/voltage/get").payload()).isEqualTo("230.0");
        assertThat(received.get(topic + "/current/get").payload()).isEqualTo("0.261");
        assertThat(received.get(topic + "/power/get").payload()).isEqualTo("60.01");
        assertThat(received.get(topic + "/energycounter/get").payload()).isEqualTo("12345.678");
        assertThat(received.get(topic + "/build").payload()).isEqualTo("OpenBK7231N 1.18.288 Mar  1 2025 10:11:12");

        assertThat(messages("voltage/get")).containsExactly(new MeterMessage.Measurement(Quantity.VOLTAGE, new BigDecimal("230.0")));
        assertThat(messages("current/get")).containsExactly(new MeterMessage.Measurement(Quantity.CURRENT, new BigDecimal("0.261")));
        assertThat(messages("power/get")).containsExactly(new MeterMessage.Measurement(Quantity.POWER, new BigDecimal("60.01")));
        assertThat(messages("power_factor/get")).singleElement().isInstanceOf(MeterMessage.Measurement.class);
        assertThat(messages("energycounter/get")).singleElement().satisfies(m -> {
            MeterMessage.EnergyCounterReading energy = (MeterMessage.EnergyCounterReading) m;
            assertThat(energy.register()).isEqualTo(EnergyRegister.TOTAL);
            assertThat(energy.value()).isEqualByComparingTo("12345.678");
        });
        assertThat(messages("mac")).containsExactly(new MeterMessage.MacReport(MacAddress.parse("8c:11:22:33:44:55")));
        assertThat(messages("build")).singleElement().isInstanceOf(MeterMessage.Build.class);
        assertThat(messages("ip")).singleElement().isInstanceOf(MeterMessage.IpAddress.class);
        assertThat(messages("uptime")).containsExactly(new MeterMessage.Uptime(5));
    }

    @Test
    void connectedIsOnlineRetainedWhileUpAndOfflineAfterClose() throws Exception {
        OpenBekenGateway gateway = gateway(bulb(0));
        gateway.connect();
        awaitTopics("connected");
        assertThat(received.get(topic + "/connected")).isEqualTo(new Received("online", false));
        assertThat(messages("connected")).containsExactly(new MeterMessage.Availability(true));
        received.clear();
        gateway.close();
        awaitPayload("connected", "offline");
        assertThat(messages("connected")).containsExactly(new MeterMessage.Availability(false));
    }

    @Test
    void aSteadyValueIsRepublishedAfterSixtyFramesWithoutWaitingAMinute() throws Exception {
        try (OpenBekenGateway gateway = gateway(bulb(1000))) {
            gateway.connect();
            for (int frame = 0; frame < 5; frame++) {
                gateway.frame();
            }
            awaitTopics("voltage/get");
            received.remove(topic + "/voltage/get");
            for (int frame = 0; frame < 59; frame++) {
                gateway.frame();
            }
            Thread.sleep(300);
            assertThat(received).doesNotContainKey(topic + "/voltage/get");
            gateway.frame();
            awaitTopics("voltage/get");
        }
    }

    private List<MeterMessage> messages(String name) {
        Received r = received.get(topic + "/" + name);
        ParseResult result = TopicParser.parse(topic + "/" + name, r.payload().getBytes(StandardCharsets.UTF_8), r.retained());
        assertThat(result).as(name + " = " + r.payload()).isInstanceOf(ParseResult.Accepted.class);
        return ((ParseResult.Accepted) result).inbound().messages();
    }

    private void awaitTopics(String... names) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Map<String, Boolean> missing = new LinkedHashMap<>();
        while (System.nanoTime() < deadline) {
            missing.clear();
            for (String name : names) {
                if (!received.containsKey(topic + "/" + name)) {
                    missing.put(name, true);
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            Thread.sleep(20);
        }
        assertThat(missing.keySet()).as("topics never published").isEmpty();
    }

    private void awaitPayload(String name, String payload) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            Received r = received.get(topic + "/" + name);
            if (r != null && r.payload().equals(payload)) {
                return;
            }
            Thread.sleep(20);
        }
        assertThat(received.get(topic + "/" + name)).as(name).isEqualTo(new Received(payload, false));
    }
}
