package zmai.meter.virtual;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Our own subscriber on the real Mosquitto: records what the virtual meters publish. */
final class BrokerProbe implements AutoCloseable {

    static final String BROKER = "tcp://127.0.0.1:1883";

    record Received(String topic, String payload, int qos, boolean retained) {
    }

    private final MqttClient client;
    private final BlockingQueue<Received> queue = new LinkedBlockingQueue<>();
    private final List<Received> seen = new ArrayList<>();
    private final List<Received> pending = new ArrayList<>();

    BrokerProbe(String... filters) throws MqttException {
        client = new MqttClient(BROKER, "probe-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(10_000);
        client.connect(options);
        for (String filter : filters) {
            client.subscribe(filter, 2, (topic, m) -> queue.add(new Received(topic,
                    new String(m.getPayload(), StandardCharsets.UTF_8), m.getQos(), m.isRetained())));
        }
    }

    /** The next message matching {@code wanted}, skipping others; fails after {@code timeout}. */
    Received await(Predicate<Received> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Received r = !pending.isEmpty() ? pending.remove(0)
                    : left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (r == null) {
                throw new AssertionError("nothing matching within " + timeout + "; seen " + seen.size()
                        + " messages, last: " + (seen.isEmpty() ? "none" : seen.get(seen.size() - 1)));
            }
            seen.add(r);
            if (wanted.test(r)) {
                return r;
            }
        }
    }

    Received await(String topic, Duration timeout) throws InterruptedException {
        return await(r -> r.topic().equals(topic), timeout);
    }

    Received await(String topic, String payload, Duration timeout) throws InterruptedException {
        return await(r -> r.topic().equals(topic) && r.payload().equals(payload), timeout);
    }

    /** Waits up to {@code timeout} for any message and keeps it for later awaits; a bounded pause. */
    void awaitQuietly(Duration timeout) throws InterruptedException {
        Received r = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (r != null) {
            pending.add(r);
        }
    }

    /** The next message within {@code timeout}, or null. */
    Received pollQuietly(Duration timeout) throws InterruptedException {
        if (!pending.isEmpty()) {
            return pending.remove(0);
        }
        return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    void publish(String topic, String payload) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    /** Clears a retained message we caused, so the broker store does not grow with test topics. */
    void clearRetained(String topic) throws MqttException {
        client.publish(topic, new byte[0], 1, true);
    }

    @Override
    public void close() throws MqttException {
        client.disconnect();
        client.close();
    }
}
