package zmai.meter.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import zmai.core.energy.MilliWattHours;

/**
 * Publishes a meter's readings the way OpenBeken does with its RN8209 driver (openbeken-mqtt-ota.md §1.3-1.6):
 * client id = topic, will {@code <t>/connected = offline} (QoS 1, retained), {@code online} (QoS 2, retained) on
 * connect, an info sweep throttled to one item per frame, and every power-metering value under
 * {@code <t>/<name>/get} (QoS 0) by OpenBeken's change/interval rule. A frame is one call of {@link #frame()}; the
 * run loop makes one a second.
 */
public final class OpenBekenGateway implements AutoCloseable {

    static final int KEEP_ALIVE_SECONDS = 100;
    private static final int QOS_SENSOR = 0;
    private static final int QOS_INFO = 1;

    private final MqttClient mqtt;
    private final GatewayIdentity identity;
    private final MeterSource source;
    private final InstantSource clock;
    private final Instant started;
    private final Deque<String> sweep = new ArrayDeque<>();
    private final Map<String, PublishRule> rules = new LinkedHashMap<>();

    public OpenBekenGateway(String serverUri, GatewayIdentity identity, MeterSource source, InstantSource clock)
            throws MqttException {
        this.mqtt = new MqttClient(serverUri, identity.topic().value(), new MemoryPersistence());
        this.identity = identity;
        this.source = source;
        this.clock = clock;
        this.started = clock.instant();
        // names, thresholds and decimals: OpenBeken's sensor table (drv_bl_shared.c)
        rules.put("voltage", new PublishRule(0.25, 1));
        rules.put("current", new PublishRule(0.002, 3));
        rules.put("power", new PublishRule(0.25, 2));
        rules.put("power_apparent", new PublishRule(0.25, 2));
        rules.put("power_reactive", new PublishRule(0.25, 2));
        rules.put("power_factor", new PublishRule(0.05, 2));
        rules.put("energycounter", new PublishRule(0.1, 3));
    }

    /** Clean session, keep-alive 100 s, the will; then {@code online} and the info sweep is queued. */
    public void connect() throws MqttException {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setKeepAliveInterval(KEEP_ALIVE_SECONDS);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setWill(topic("connected"), bytes("offline"), 1, true);
        mqtt.connect(options);
        mqtt.publish(topic("connected"), bytes("online"), 2, true);
        queueSweep();
    }

    /** One driver update: the next info item, then every value its rule lets through. */
    public void frame() throws ChipException, IOException, InterruptedException, MqttException {
        if (!sweep.isEmpty()) {
            String item = sweep.poll();
            mqtt.publish(topic(item), bytes(infoItem(item)), QOS_INFO, false);
        }
        MeterSample sample = source.sample();
        Reading r = sample.reading();
        // OpenBeken folds reverse power to positive and clamps negatives to zero (flag 25 off)
        double volts = Math.max(0, r.volts());
        double amps = Math.max(0, r.amps());
        double watts = Math.abs(r.watts());
        double apparent = volts * amps;
        double reactive = apparent <= watts ? 0 : Math.sqrt(apparent * apparent - watts * watts);
        double powerFactor = apparent == 0 ? 1 : Math.min(1, watts / apparent);
        offer("voltage", volts);
        offer("current", amps);
        offer("power", watts);
        offer("power_apparent", apparent);
        offer("power_reactive", reactive);
        offer("power_factor", powerFactor);
        offerEnergy(sample.lifetimeMilliWattHours());
    }

    /**
     * Frames once per {@code period} until {@code keepGoing} says stop; a chip that fails a frame is reported to
     * {@code problems} and tried again at the next one.
     */
    public void run(Duration period, Pause pause, BooleanSupplier keepGoing, Consumer<String> problems)
            throws IOException, InterruptedException, MqttException {
        while (keepGoing.getAsBoolean()) {
            Instant begin = clock.instant();
            try {
                frame();
            } catch (ChipException e) {
                problems.accept(e.getMessage());
            }
            Duration left = period.minus(Duration.between(begin, clock.instant()));
            if (!left.isNegative()) {
                pause.pause(left);
            }
        }
    }

    /** Marks the meter offline (retained) and disconnects. */
    @Override
    public void close() throws MqttException {
        try {
            if (mqtt.isConnected()) {
                mqtt.publish(topic("connected"), bytes("offline"), 1, true);
                mqtt.disconnect();
            }
        } finally {
            mqtt.close();
        }
    }

    /** OpenBeken's item order (new_mqtt.h); each value is taken when it is published. */
    private void queueSweep() {
        sweep.clear();
        sweep.addAll(java.util.List.of("host", "build", "mac", "datetime", "uptime", "ip"));
    }

    private String infoItem(String name) {
        Instant now = clock.instant();
        switch (name) {
            case "host":
                return identity.topic().value();
            case "build":
                return identity.build();
            case "mac":
                return identity.mac().value();
            case "datetime":
                return Long.toString(now.getEpochSecond());
            case "uptime":
                return Long.toString(Duration.between(started, now).toSeconds());
            case "ip":
                return identity.ip();
            default:
                throw new IllegalArgumentException(name);
        }
    }

    private void offer(String name, double value) throws MqttException {
        var payload = rules.get(name).offer(value);
        if (payload.isPresent()) {
            mqtt.publish(topic(name + "/get"), bytes(payload.get()), QOS_SENSOR, false);
        }
    }

    /** Published exactly from the integer counter rather than through a double. */
    private void offerEnergy(long milliWattHours) throws MqttException {
        if (rules.get("energycounter").offer(milliWattHours / 1000.0).isPresent()) {
            mqtt.publish(topic("energycounter/get"), bytes(MilliWattHours.formatWattHours(milliWattHours)), QOS_SENSOR, false);
        }
    }

    private String topic(String name) {
        return identity.topic().value() + "/" + name;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
