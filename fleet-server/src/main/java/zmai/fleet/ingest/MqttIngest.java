package zmai.fleet.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.jboss.logging.Logger;
import zmai.core.topic.OutboundCommand;
import zmai.core.topic.ParseResult;
import zmai.core.topic.SubscriptionFilters;
import zmai.core.topic.TopicParser;
import zmai.fleet.config.FleetConfig;
import zmai.fleet.tracking.DeviceTracker;

import javax.net.ssl.SSLSocketFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's one MQTT session: subscribes to both dialects, parses each message with {@code core}, applies it
 * to the {@link DeviceTracker} in arrival order (Paho delivers on one thread, so per-device order holds), and
 * acknowledges a QoS 1 message only after the {@link BatchWriter} has made its effect durable. A persistent
 * session (clean start off) makes the broker redeliver whatever was not acknowledged when we stopped or died.
 */
@ApplicationScoped
public class MqttIngest {

    private static final Logger LOG = Logger.getLogger(MqttIngest.class);

    private final FleetConfig config;
    private final DeviceTracker tracker;
    private final BatchWriter writer;
    private final Counter accepted;
    private final Counter ignored;
    private final Counter rejected;
    private final AtomicLong connections = new AtomicLong();
    private final ScheduledExecutorService connector = Executors.newSingleThreadScheduledExecutor(
            r -> new Thread(r, "mqtt-connect"));
    private volatile MqttAsyncClient client;
    private volatile Optional<SSLSocketFactory> socketFactory = Optional.empty();
    private volatile boolean stopping;

    MqttIngest(FleetConfig config, DeviceTracker tracker, BatchWriter writer, MeterRegistry metrics) {
        this.config = config;
        this.tracker = tracker;
        this.writer = writer;
        this.accepted = metrics.counter("fleet.mqtt.messages", "result", "accepted");
        this.ignored = metrics.counter("fleet.mqtt.messages", "result", "ignored");
        this.rejected = metrics.counter("fleet.mqtt.messages", "result", "rejected");
        metrics.gauge("fleet.mqtt.connected", this, ingest -> ingest.isConnected() ? 1 : 0);
        metrics.gauge("fleet.devices.known", tracker, DeviceTracker::size);
        metrics.gauge("fleet.devices.online", tracker, DeviceTracker::onlineCount);
    }

    void start(@Observes StartupEvent event) throws MqttException {
        writer.start(this::acknowledge);
        FleetConfig.Mqtt mqtt = config.mqtt();
        // a broken trust or key store stops the start-up here, not in a retry loop that only logs
        if (MqttTls.isTls(mqtt.url())) {
            socketFactory = MqttTls.of(mqtt).socketFactory();
        } else if (mqtt.trustStore().isPresent() || mqtt.keyStore().isPresent()) {
            LOG.warnf("fleet.mqtt.trust-store/key-store are set but %s is not an ssl:// URL; they are not used",
                    mqtt.url());
        }
        client = new MqttAsyncClient(mqtt.url(), mqtt.clientId(), new MemoryPersistence());
        client.setManualAcks(true);
        client.setCallback(new Callback());
        connector.execute(this::connect);
    }

    void stop(@Observes ShutdownEvent event) {
        // stop taking messages (those not acknowledged come back next time), make the taken ones durable, ack them
        stopping = true;
        connector.shutdownNow();
        writer.stop();
        try {
            if (client.isConnected()) {
                client.disconnect(2_000).waitForCompletion(3_000);
            }
            client.close();
        } catch (MqttException e) {
            LOG.debugf("closing the MQTT client: %s", e.getMessage());
        }
    }

    public boolean isConnected() {
        MqttAsyncClient c = client;
        return c != null && c.isConnected();
    }

    /** Sends a command to one device, at QoS 1. */
    public void publish(OutboundCommand command) {
        MqttAsyncClient c = client;
        if (c == null || !c.isConnected()) {
            throw new BrokerUnavailableException("the MQTT broker is not connected; the command was not sent");
        }
        try {
            c.publish(command.topic(), command.payload().getBytes(StandardCharsets.UTF_8), 1, false);
        } catch (MqttException e) {
            throw new BrokerUnavailableException("the MQTT broker refused the command: " + e.getMessage());
        }
    }

    private void connect() {
        if (stopping) {
            return;
        }
        FleetConfig.Mqtt mqtt = config.mqtt();
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(mqtt.sessionExpiry().toSeconds());
        options.setAutomaticReconnect(true);
        // every second after the broker is back loses its QoS 0 readings: retry after 1, 2, then every 4 s (Paho
        // doubles the delay while it is below this; its default lets it grow to 128 s, and the client in use ignores
        // setAutomaticReconnectDelay)
        options.setMaxReconnectDelay(4_000);
        options.setReceiveMaximum(mqtt.receiveMaximum());
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(10);
        mqtt.username().ifPresent(options::setUserName);
        mqtt.password().ifPresent(p -> options.setPassword(p.getBytes(StandardCharsets.UTF_8)));
        socketFactory.ifPresent(options::setSocketFactory);
        try {
            client.connect(options).waitForCompletion(15_000);
        } catch (MqttException e) {
            // automatic reconnect only covers a session that once succeeded; until then, keep trying
            LOG.warnf("cannot connect to the MQTT broker %s (%s); retrying in 5 s", mqtt.url(), e.getMessage());
            connector.schedule(this::connect, 5, TimeUnit.SECONDS);
        }
    }

    private void subscribe() {
        List<String> filters = new ArrayList<>(SubscriptionFilters.bothDialects());
        if (config.mqtt().bareChannels()) {
            filters.add(SubscriptionFilters.BARE_CHANNELS);
        }
        MqttSubscription[] subscriptions = filters.stream().map(filter -> {
            MqttSubscription s = new MqttSubscription(filter, 1);
            // retained messages only for a new subscription: a session we resume does not replay them
            s.setRetainHandling(1);
            return s;
        }).toArray(MqttSubscription[]::new);
        try {
            client.subscribe(subscriptions);
        } catch (MqttException e) {
            LOG.errorf("subscribing failed: %s; reconnecting", e.getMessage());
            connector.execute(this::reconnect);
        }
    }

    private void reconnect() {
        try {
            client.reconnect();
        } catch (MqttException e) {
            LOG.warnf("reconnecting failed: %s", e.getMessage());
        }
    }

    private void arrived(String topic, MqttMessage message) {
        if (stopping) {
            return;
        }
        Instant receivedAt = Instant.now();
        ParseResult result = TopicParser.parse(topic, message.getPayload(), message.isRetained());
        if (result instanceof ParseResult.Accepted a) {
            tracker.apply(a.inbound(), receivedAt, message.isDuplicate());
            accepted.increment();
        } else if (result instanceof ParseResult.Rejected r) {
            rejected.increment();
            LOG.debugf("rejected a message on '%s': %s", r.topic(), r.reason());
        } else {
            ignored.increment();
        }
        writer.taken(new PendingAck(connections.get(), message.getId(), message.getQos(), receivedAt));
    }

    private void acknowledge(List<PendingAck> acks) {
        MqttAsyncClient c = client;
        long connection = connections.get();
        for (PendingAck ack : acks) {
            // an id from an earlier connection means nothing now: the broker redelivers that message instead
            if (ack.qos() > 0 && ack.connection() == connection) {
                try {
                    c.messageArrivedComplete(ack.messageId(), ack.qos());
                } catch (MqttException e) {
                    LOG.debugf("acknowledging %d: %s", ack.messageId(), e.getMessage());
                }
            }
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            connections.incrementAndGet();
            LOG.infof("%s MQTT broker %s", reconnect ? "reconnected to" : "connected to", serverURI);
            subscribe();
        }

        // a dropped connection has no reason string, only the exception that noticed it
        private static String why(MqttDisconnectResponse response) {
            if (response.getReasonString() != null) {
                return response.getReasonString();
            }
            Throwable cause = response.getException();
            if (cause == null) {
                return "reason code " + response.getReturnCode();
            }
            Throwable root = cause.getCause() != null ? cause.getCause() : cause;
            return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (!stopping) {
                LOG.warnf("lost the MQTT broker (%s); reconnecting", why(response));
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warnf("MQTT error: %s", exception.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            arrived(topic, message);
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // commands are fire-and-record; their audit row is written before sending
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}
