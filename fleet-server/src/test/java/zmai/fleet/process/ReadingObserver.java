package zmai.fleet.process;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import zmai.core.topic.EnergyRegister;
import zmai.core.topic.MeterMessage;
import zmai.core.topic.ParseResult;
import zmai.core.topic.TopicParser;

import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The independent count: a subscriber of its own on the broker, never through the server's proxy, that keeps every
 * lifetime-counter reading the broker accepted from each meter, in order. What the meters' counters moved between
 * their first and last reading here is the energy the server must show, no more and no less.
 */
final class ReadingObserver implements AutoCloseable {

    private final MqttClient client;
    private final Map<String, List<Long>> readingsByTopic = new ConcurrentHashMap<>();

    ReadingObserver(String brokerUrl) throws MqttException {
        client = new MqttClient(brokerUrl, "observer-" + System.nanoTime(), new MemoryPersistence());
        client.setCallback(new Callback());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(500);
        options.setMaxInflight(10_000);
        client.connect(options);
        subscribe();
    }

    private void subscribe() throws MqttException {
        client.subscribe(new String[] {"+/+/get", "+/+"}, new int[] {1, 1});
    }

    /** Lifetime-counter readings seen from the meter with this topic, in mWh, in arrival order. */
    List<Long> readings(String topic) {
        return List.copyOf(readingsByTopic.getOrDefault(topic, List.of()));
    }

    long total() {
        return readingsByTopic.values().stream().mapToLong(List::size).sum();
    }

    private void arrived(String topic, byte[] payload) {
        if (!(TopicParser.parse(topic, payload, false) instanceof ParseResult.Accepted accepted)) {
            return;
        }
        for (MeterMessage m : accepted.inbound().messages()) {
            if (m instanceof MeterMessage.EnergyCounterReading r && r.register() == EnergyRegister.TOTAL) {
                long mwh = r.value().movePointRight(3).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
                readingsByTopic.computeIfAbsent(accepted.inbound().device().toString(),
                        t -> new CopyOnWriteArrayList<>()).add(mwh);
            }
        }
    }

    @Override
    public void close() throws MqttException {
        client.disconnectForcibly(1_000);
        client.close();
    }

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (reconnect) {
                // a clean session: after a broker restart the subscription is gone
                new Thread(() -> {
                    try {
                        subscribe();
                    } catch (MqttException e) {
                        throw new IllegalStateException("the observer could not subscribe again", e);
                    }
                }, "observer-resubscribe").start();
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            // automatic reconnect
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            arrived(topic, message.getPayload());
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // the observer publishes nothing
        }
    }
}
