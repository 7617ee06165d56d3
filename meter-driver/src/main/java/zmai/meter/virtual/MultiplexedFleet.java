package zmai.meter.virtual;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Load-test mode: a few shared MQTT connections publish many meters' distinct topics at a set message rate, QoS 0.
 * Each meter still runs its own state machine; a publisher thread ticks its share of meters and sends what they
 * publish, then tops up with their sensor readings to reach the rate. Not a faithful session (no will, no
 * commands): use session mode for behaviour, this for throughput.
 */
public final class MultiplexedFleet implements AutoCloseable {

    private final List<MqttAsyncClient> clients = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean running = true;

    public MultiplexedFleet(FleetScenario scenario, String brokerUri, int connections, long messagesPerSecond,
                            InstantSource clock) throws MqttException {
        List<List<VirtualMeter>> shares = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < scenario.count(); i++) {
            shares.get(i % connections).add(new VirtualMeter(scenario.meter(i), clock.instant()));
        }
        for (int c = 0; c < connections; c++) {
            MqttAsyncClient client = new MqttAsyncClient(brokerUri, "zmai-mux-" + scenario.seed() + "-" + c,
                    new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setMaxInflight(65_535);
            client.connect(options).waitForCompletion(10_000);
            clients.add(client);
            List<VirtualMeter> share = shares.get(c);
            share.forEach(m -> m.onConnected(clock.instant()));
            long perThread = Math.max(1, messagesPerSecond / connections);
            Thread t = new Thread(() -> publishLoop(client, share, perThread, clock), "zmai-mux-" + c);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    public long sent() {
        return sent.get();
    }

    /** Publishes Paho refused (its queue full): the broker or the link is the bottleneck. */
    public long refused() {
        return refused.get();
    }

    // batches of 1 ms: send the messages due, then park until the next slice
    private void publishLoop(MqttAsyncClient client, List<VirtualMeter> meters, long perSecond, InstantSource clock) {
        long start = System.nanoTime();
        long due = 0;
        long done = 0;
        int cursor = 0;
        Instant lastTick = clock.instant();
        List<Publication> backlog = new ArrayList<>();
        while (running && !meters.isEmpty()) {
            Instant now = clock.instant();
            if (!now.isBefore(lastTick.plusSeconds(1))) {
                lastTick = now;
                for (VirtualMeter m : meters) {
                    backlog.addAll(m.tick(now));
                }
            }
            due = (System.nanoTime() - start) * perSecond / 1_000_000_000L;
            while (done < due && running) {
                Publication p;
                if (!backlog.isEmpty()) {
                    p = backlog.remove(backlog.size() - 1);
                } else {
                    VirtualMeter m = meters.get(cursor);
                    cursor = (cursor + 1) % meters.size();
                    p = new Publication(m.topic() + "/power/get", String.valueOf(m.energyMilliWh() % 5000 / 10.0), 0,
                            false);
                }
                try {
                    client.publish(p.topic(), p.payload().getBytes(StandardCharsets.UTF_8), 0, false);
                    sent.incrementAndGet();
                } catch (MqttException e) {
                    refused.incrementAndGet();
                }
                done++;
            }
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread t : threads) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (MqttAsyncClient c : clients) {
            try {
                c.disconnect().waitForCompletion(2_000);
                c.close();
            } catch (MqttException e) {
                // shutting down anyway
            }
        }
    }
}
