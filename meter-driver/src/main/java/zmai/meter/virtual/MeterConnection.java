package zmai.meter.virtual;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.ScheduledExecutorPingSender;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One virtual meter on one MQTT 3.1.1 session, set up as OpenBeken's lwIP client does: client id = topic, clean
 * session, keep-alive 100 s, will {@code <t>/connected = offline} (QoS 1, retained). Reboots and OTA drop TCP
 * without DISCONNECT (see {@link DroppableSocketFactory}). Time comes from {@link #tick}, called once a second.
 */
public final class MeterConnection implements AutoCloseable {

    /** lwIP client default. */
    static final int KEEP_ALIVE_SECONDS = 100;
    /**
     * How the connection behaves when not connected; OpenBeken retries about every 15 s. {@code connectTimeout}
     * is wall-clock time: a session attempt that has neither succeeded nor failed by then is abandoned.
     * {@code httpTimeout} is how long an OTA download may go without receiving a byte; {@code rebootDelay} is the
     * wall-clock pause between the end of a download, good or bad, and the reboot (OpenBeken: 1 s).
     */
    public record Timing(Duration wifiJoin, Duration retry, Duration httpTimeout, Duration connectTimeout,
                         Duration rebootDelay) {
        public Timing {
            Objects.requireNonNull(wifiJoin, "wifiJoin");
            Objects.requireNonNull(retry, "retry");
            Objects.requireNonNull(httpTimeout, "httpTimeout");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(rebootDelay, "rebootDelay");
        }

        /** With OpenBeken's 1 s reboot delay. */
        public Timing(Duration wifiJoin, Duration retry, Duration httpTimeout, Duration connectTimeout) {
            this(wifiJoin, retry, httpTimeout, connectTimeout, Duration.ofSeconds(1));
        }

        public static Timing openBeken() {
            return new Timing(Duration.ofSeconds(3), Duration.ofSeconds(15), Duration.ofSeconds(10),
                    Duration.ofSeconds(10), Duration.ofSeconds(1));
        }
    }

    private final VirtualMeter meter;
    private final String brokerUri;
    private final ScheduledExecutorService scheduler;
    private MqttAsyncClient client;
    private final DroppableSocketFactory sockets = new DroppableSocketFactory();
    private final InstantSource clock;
    private final HttpClient http;
    private final Timing timing;
    private final AtomicLong published = new AtomicLong();
    private volatile PacedDownload download;
    private boolean connecting;
    private long secondsDisconnected;
    private long nextAttemptAfter;
    private boolean closed;
    private boolean unplugged;

    public MeterConnection(VirtualMeter meter, String brokerUri, ScheduledExecutorService scheduler,
                           InstantSource clock, HttpClient http, Timing timing) throws MqttException {
        this.meter = Objects.requireNonNull(meter, "meter");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = Objects.requireNonNull(http, "http");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.brokerUri = Objects.requireNonNull(brokerUri, "brokerUri");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.nextAttemptAfter = timing.wifiJoin().toSeconds();
    }

    /**
     * An HTTP client that fetches images as OpenBeken's does: HTTP/1.1, one connection per download. The JDK's
     * default would upgrade to HTTP/2 and share one connection among meters, which no device does.
     */
    public static HttpClient httpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    public VirtualMeter meter() {
        return meter;
    }

    public long publishedCount() {
        return published.get();
    }

    /** Bytes of the OTA image received in the current or last download, as the device's page shows them. */
    public long downloadedBytes() {
        PacedDownload d = download;
        return d == null ? 0 : d.received();
    }

    public synchronized boolean isConnected() {
        return meter.isConnected();
    }

    /** One firmware second: (re)connects when due, runs the meter, sends what it publishes. */
    public synchronized void tick(Instant now) {
        if (closed || unplugged) {
            return;
        }
        List<Publication> out = meter.tick(now);
        send(out);
        if (!meter.isConnected() && !connecting && meter.wantsMqtt()) {
            secondsDisconnected++;
            if (secondsDisconnected >= nextAttemptAfter) {
                connect();
            }
        }
    }

    /** Drops TCP as a power cut would, and boots the meter from its flash copy. */
    public synchronized void powerCut() {
        dropMqtt();
        meter.powerCut(clock.instant());
        afterBoot();
    }

    /**
     * Mains gone for good, as when the plug is pulled: TCP drops without DISCONNECT, so the broker publishes the
     * retained {@code connected = offline} will, and the meter neither counts nor connects again.
     */
    public synchronized void unplug() {
        dropMqtt();
        unplugged = true;
    }

    public synchronized boolean isUnplugged() {
        return unplugged;
    }

    // a fresh client per session: a Paho client whose socket was pulled from under it does not always connect again
    private MqttAsyncClient freshClient() throws MqttException {
        if (client != null) {
            try {
                client.close(true);
            } catch (MqttException e) {
                // the old session is gone either way
            }
        }
        // a shared scheduler for keep-alive pings instead of Paho's Timer thread per client; the comms loops
        // block, so they keep Paho's own threads (an executor of fixed size would starve them)
        MqttAsyncClient fresh = new MqttAsyncClient(brokerUri, meter.topic().value(), new MemoryPersistence(),
                new ScheduledExecutorPingSender(scheduler), null);
        fresh.setCallback(new Callback(fresh));
        client = fresh;
        return fresh;
    }

    private void connect() {
        connecting = true;
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setKeepAliveInterval(KEEP_ALIVE_SECONDS);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout((int) Math.max(1, timing.connectTimeout().toSeconds()));
        options.setMaxInflight(1000);
        options.setSocketFactory(sockets);
        Publication will = meter.lastWill();
        options.setWill(will.topic(), will.payload().getBytes(StandardCharsets.UTF_8), will.qos(), will.retained());
        try {
            MqttAsyncClient session = freshClient();
            session.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    connected(session);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    connectFailed(session);
                }
            });
            // with a twin taking the session over at the wrong moment, Paho can leave a connect token that
            // never completes; the firmware's own MQTT state machine gives up on such an attempt, and so do we
            scheduler.schedule(() -> connectStalled(session), timing.connectTimeout().toMillis() + 1_000,
                    TimeUnit.MILLISECONDS);
        } catch (MqttException e) {
            connecting = false;
            secondsDisconnected = 0;
            nextAttemptAfter = timing.retry().toSeconds();
        }
    }

    private synchronized void connected(MqttAsyncClient session) {
        if (session != client) {
            return;
        }
        connecting = false;
        if (closed || unplugged || !meter.wantsMqtt()) {
            sockets.dropTcp();
            return;
        }
        String t = meter.topic().value();
        try {
            client.subscribe(new String[]{"cmnd/" + t + "/+", t + "/+/set"}, new int[]{1, 1});
        } catch (MqttException e) {
            sockets.dropTcp();
            return;
        }
        if (!session.isConnected()) {
            // the broker dropped the session (another client took its id) before this callback ran; Paho
            // reported the loss first, so no later callback will: retry as after any lost connection
            secondsDisconnected = 0;
            nextAttemptAfter = timing.retry().toSeconds();
            return;
        }
        send(meter.onConnected(clock.instant()));
    }

    private synchronized void connectFailed(MqttAsyncClient session) {
        if (session != client) {
            return;
        }
        connecting = false;
        secondsDisconnected = 0;
        nextAttemptAfter = timing.retry().toSeconds();
    }

    private synchronized void connectStalled(MqttAsyncClient session) {
        if (session == client && connecting) {
            sockets.dropTcp();
            connectFailed(session);
        }
    }

    private synchronized void lost(MqttAsyncClient session) {
        if (session != client) {
            return;
        }
        meter.onDisconnected();
        secondsDisconnected = 0;
        nextAttemptAfter = timing.retry().toSeconds();
    }

    private synchronized void arrived(MqttAsyncClient session, String topic, MqttMessage message) {
        if (session != client || !meter.isConnected()) {
            return;
        }
        Instant now = clock.instant();
        send(meter.receive(topic, new String(message.getPayload(), StandardCharsets.UTF_8), now));
        meter.takeTransition().ifPresent(t -> perform(t, now));
    }

    // both transitions begin by closing TCP without DISCONNECT, so the broker publishes the will
    private void perform(MeterTransition transition, Instant now) {
        dropMqtt();
        if (transition instanceof MeterTransition.Download download) {
            startDownload(download.url());
        } else {
            meter.reboot(now);
            afterBoot();
        }
    }

    /**
     * {@code POST /api/ota} on the device's own web server: the image goes to the OTA partition, MQTT stays up and
     * nothing reboots. Returns the bytes written.
     *
     * @throws IllegalStateException when the meter refuses (safe mode, an {@code ota_http} download in
     *                               progress) or this connection is closed
     */
    public synchronized int pushImage(byte[] image) {
        if (closed || unplugged) {
            throw new IllegalStateException("meter " + meter.topic() + " is shut down");
        }
        return meter.receivePushedImage(image);
    }

    /**
     * {@code POST /api/reboot}: after {@code delay} of wall-clock time the meter reboots as on {@code restart}
     * (energy saved, TCP dropped without DISCONNECT, reconnect after the Wi-Fi join).
     */
    public synchronized void rebootIn(Duration delay) {
        if (closed) {
            return;
        }
        try {
            scheduler.schedule(this::commandedReboot, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the simulation is shutting down: no more reboots
        }
    }

    private synchronized void commandedReboot() {
        if (closed || unplugged) {
            return;
        }
        Instant now = clock.instant();
        if (meter.requestReboot(now)) {
            meter.takeTransition().ifPresent(t -> perform(t, now));
        }
    }

    /** {@code GET /api/info}. */
    public synchronized String infoJson() {
        return meter.infoJson();
    }

    // the wire side of ota_http; what the bytes mean for the installed build is the meter's decision
    private void startDownload(URI url) {
        OtaBehaviour ota = meter.ota();
        if (ota.fault() == OtaFault.UNREACHABLE_SERVER) {
            // the connect fails before any request is sent; the firmware ends the OTA as after any error
            download = null;
            downloadEnded(url, Optional.empty());
            return;
        }
        // the request timeout covers the wait for the response headers; the body has its own stall timeout
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timing.httpTimeout()).GET().build();
        PacedDownload paced = new PacedDownload(scheduler, ota.downloadBytesPerSecond(), timing.httpTimeout(),
                ota.fault() == OtaFault.ABORTS_DOWNLOAD);
        download = paced;
        http.sendAsync(request, paced).whenComplete((response, failure) ->
                downloadEnded(url, failure == null && response.statusCode() == 200 ? response.body()
                        : Optional.empty()));
    }

    // OpenBeken saves config and energy and reboots after a pause whatever the outcome (spec §2.2.3)
    private void downloadEnded(URI url, Optional<byte[]> body) {
        scheduler.schedule(() -> rebootAfterDownload(url, body), timing.rebootDelay().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private synchronized void rebootAfterDownload(URI url, Optional<byte[]> body) {
        if (closed || unplugged) {
            return;
        }
        meter.finishDownload(url, body, clock.instant());
        afterBoot();
    }

    private void afterBoot() {
        secondsDisconnected = 0;
        nextAttemptAfter = timing.wifiJoin().toSeconds();
    }

    // closes TCP under Paho: the broker sees a lost client and publishes the will
    private void dropMqtt() {
        meter.onDisconnected();
        sockets.dropTcp();
    }

    private void send(List<Publication> out) {
        if (!meter.isConnected() || client == null) {
            return;
        }
        for (Publication p : out) {
            try {
                client.publish(p.topic(), p.payload().getBytes(StandardCharsets.UTF_8), p.qos(), p.retained());
                published.incrementAndGet();
            } catch (MqttException e) {
                // like the firmware: a publish that cannot go out is dropped
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        try {
            if (client != null && client.isConnected()) {
                client.disconnect(0).waitForCompletion(2_000);
            }
        } catch (MqttException e) {
            sockets.dropTcp();
        }
        try {
            if (client != null) {
                client.close(true);
            }
        } catch (MqttException e) {
            // closing anyway
        }
    }

    private final class Callback implements MqttCallback {
        private final MqttAsyncClient session;

        Callback(MqttAsyncClient session) {
            this.session = session;
        }

        @Override
        public void connectionLost(Throwable cause) {
            lost(session);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            arrived(session, topic, message);
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // QoS handshakes are Paho's business
        }
    }
}
