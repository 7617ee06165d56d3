package zmai.fleet;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import zmai.core.meter.MacAddress;
import zmai.meter.virtual.FirmwareBuild;
import zmai.meter.virtual.LoadProfile;
import zmai.meter.virtual.MeterConfig;
import zmai.meter.virtual.MeterConnection;
import zmai.meter.virtual.MeterHttpApi;
import zmai.meter.virtual.VirtualMeter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Virtual ZMAi-90 meters from {@code meter-driver} on the real Mosquitto, their firmware clock running ten times
 * faster than the wall clock so that sweeps and sensor publishes come quickly.
 */
public final class VirtualMeters implements AutoCloseable {

    public static final String BROKER = "tcp://127.0.0.1:1883";
    public static final FirmwareBuild BUILD = FirmwareBuild.openBk7231n("1.18.288",
            LocalDateTime.of(2025, 3, 1, 10, 11, 12));
    private static final MeterConnection.Timing FAST = new MeterConnection.Timing(Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(3));

    // a session still connecting when the meters close may ask for keep-alive pings afterwards: dropped, not thrown
    // on a client thread (where Awaitility in the next test would catch it)
    private final ScheduledExecutorService scheduler = new ScheduledThreadPoolExecutor(2,
            new ThreadPoolExecutor.DiscardPolicy());
    private final AtomicReference<Instant> firmwareTime = new AtomicReference<>(Instant.now());
    private final InstantSource clock = firmwareTime::get;
    private final HttpClient http = MeterConnection.httpClient();
    private final List<MeterConnection> meters = new CopyOnWriteArrayList<>();
    // every meter's own web server (/api/ota, /api/reboot, /api/info) under /<topic>
    private final MeterHttpApi httpApi;
    private final String broker;

    /** Meters on the machine's Mosquitto. */
    public VirtualMeters() {
        this(BROKER);
    }

    /** Meters on the broker at {@code tcp://host:port}. */
    public VirtualMeters(String broker) {
        this.broker = broker;
        try {
            httpApi = new MeterHttpApi(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        scheduler.scheduleAtFixedRate(this::tick, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** Port of the meters' web servers on 127.0.0.1. */
    public int httpPort() {
        return httpApi.port();
    }

    /** Where a server reaches the web server of the meter with topic {@code {topic}}. */
    public String deviceUrlTemplate() {
        return "http://127.0.0.1:" + httpApi.port() + "/{topic}";
    }

    public static MacAddress uniqueMac() {
        byte[] b = new byte[6];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] = (byte) 0xc8;
        b[1] = 0x47;
        return MacAddress.fromBytes(b);
    }

    public MeterConnection start(MeterConfig config) throws MqttException {
        MeterConnection c = new MeterConnection(new VirtualMeter(config, clock.instant()), broker, scheduler, clock,
                http, FAST);
        meters.add(c);
        httpApi.register(c);
        return c;
    }

    public MeterConnection start() throws MqttException {
        return start(MeterConfig.defaults(uniqueMac(), BUILD, LoadProfile.constant(60, 1), 7));
    }

    private void tick() {
        Instant now = firmwareTime.updateAndGet(t -> t.plusSeconds(1));
        for (MeterConnection m : meters) {
            try {
                m.tick(now);
            } catch (RuntimeException e) {
                e.printStackTrace();
            }
        }
    }

    @Override
    public void close() throws MqttException {
        httpApi.close();
        try (MqttClient cleaner = new MqttClient(broker, "cleaner-" + System.nanoTime(), new MemoryPersistence())) {
            cleaner.connect();
            for (MeterConnection m : meters) {
                m.close();
                // retained state of a test meter must not outlive the test
                cleaner.publish(m.meter().topic() + "/connected", new byte[0], 1, true);
            }
            cleaner.disconnect();
        }
        // after the meters: a session closing still schedules on it
        scheduler.shutdownNow();
    }

    /** Publishes as if from a device, for messages no virtual meter would send. */
    public static void publish(String topic, String payload) throws MqttException {
        try (MqttClient client = new MqttClient(BROKER, "probe-" + System.nanoTime(), new MemoryPersistence())) {
            client.connect();
            client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
            client.disconnect();
        }
    }
}
