package zmai.meter.virtual;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
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
 * Load-test mode: a few shared MQTT connections publish many meters' distinct topics at a set message rate, QoS 0
 * or 1. Each meter still runs its own state machine; a publisher thread ticks its share of meters and sends what
 * they publish, then tops up with their sensor readings to reach the rate. Not a faithful session (no will, no
 * commands): use session mode for behaviour, this for throughput.
 *
 * <p>It counts the energy-counter readings it sends, so a test can check that each one arrived where it should:
 * at QoS 0 a reading counts as confirmed once written to the socket, at QoS 1 once the broker acknowledged it.
 */
public final class MultiplexedFleet implements AutoCloseable {

    /**
     * What a run sent. {@code confirmed}: messages the broker acknowledged (QoS 1; always 0 at QoS 0, where only
     * readings are followed). {@code failed}: publications Paho gave up on after taking them. {@code dropped}: the
     * meters' own publications beyond what the rate could carry, never sent.
     */
    public record Totals(int qos, Duration elapsed, long sent, long refused, long confirmed, long failed,
                         long energySent, long energyConfirmed, long dropped) {
        public double perSecond() {
            return elapsed.isZero() ? 0 : sent * 1e9 / elapsed.toNanos();
        }
    }

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    private final int qos;
    private final List<MqttAsyncClient> clients = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong confirmed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong energySent = new AtomicLong();
    private final AtomicLong energyConfirmed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final IMqttActionListener confirmations = new Confirmations();
    private final long startNanos;
    private volatile long stopNanos;
    private volatile boolean running = true;
    private Totals totals;

    public MultiplexedFleet(FleetScenario scenario, String brokerUri, int connections, long messagesPerSecond,
                            InstantSource clock) throws MqttException {
        this(scenario, brokerUri, connections, messagesPerSecond, 0, clock);
    }

    public MultiplexedFleet(FleetScenario scenario, String brokerUri, int connections, long messagesPerSecond,
                            int qos, InstantSource clock) throws MqttException {
        if (qos != 0 && qos != 1) {
            throw new IllegalArgumentException("multiplexed mode publishes at QoS 0 or 1, not " + qos);
        }
        this.qos = qos;
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
        startNanos = System.nanoTime();
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
        long due;
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
                // meters that publish more than the rate carries lose the oldest, as a firmware whose queue is full
                // does; kept, the backlog would grow for as long as the run lasts
                int excess = backlog.size() - (int) Math.min(Integer.MAX_VALUE, perSecond);
                if (excess > 0) {
                    backlog.subList(0, excess).clear();
                    dropped.addAndGet(excess);
                }
            }
            due = (System.nanoTime() - start) * perSecond / 1_000_000_000L;
            while (done < due && running) {
                boolean own = !backlog.isEmpty();
                Publication p;
                if (own) {
                    p = backlog.remove(backlog.size() - 1);
                } else {
                    VirtualMeter m = meters.get(cursor);
                    cursor = (cursor + 1) % meters.size();
                    p = new Publication(m.topic() + "/power/get", String.valueOf(m.energyMilliWh() % 5000 / 10.0), 0,
                            false);
                }
                if (!publish(client, p, own)) {
                    if (qos > 0) {
                        // the in-flight window is full: keep the message and slow down rather than lose it
                        if (own) {
                            backlog.add(p);
                        }
                        break;
                    }
                }
                done++;
            }
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
    }

    /** False when Paho refused it. Only the meters' own publications can hold readings; filler never does. */
    private boolean publish(MqttAsyncClient client, Publication p, boolean own) {
        byte[] payload = p.payload().getBytes(StandardCharsets.UTF_8);
        int readings = own ? EnergyReadings.in(p.topic(), payload) : 0;
        try {
            // QoS 0 without readings needs no confirmation: keep the common path as cheap as before
            if (qos == 0 && readings == 0) {
                client.publish(p.topic(), payload, 0, false);
            } else {
                client.publish(p.topic(), payload, qos, false, readings, confirmations);
            }
        } catch (MqttException e) {
            refused.incrementAndGet();
            return false;
        }
        sent.incrementAndGet();
        energySent.addAndGet(readings);
        return true;
    }

    private final class Confirmations implements IMqttActionListener {
        @Override
        public void onSuccess(IMqttToken token) {
            if (qos > 0) {
                confirmed.incrementAndGet();
            }
            energyConfirmed.addAndGet((Integer) token.getUserContext());
        }

        @Override
        public void onFailure(IMqttToken token, Throwable exception) {
            failed.incrementAndGet();
        }
    }

    /** Stops publishing, waits for the broker to acknowledge what is in flight, disconnects; idempotent. */
    @Override
    public synchronized void close() {
        if (totals != null) {
            return;
        }
        running = false;
        for (Thread t : threads) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stopNanos = System.nanoTime();
        if (qos > 0) {
            long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
            while (confirmed.get() + failed.get() < sent.get() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
        }
        for (MqttAsyncClient c : clients) {
            try {
                // the quiesce time lets Paho write the QoS 0 messages it still holds
                c.disconnect(DRAIN_TIMEOUT.toMillis()).waitForCompletion(DRAIN_TIMEOUT.toMillis());
                c.close();
            } catch (MqttException e) {
                // shutting down anyway
            }
        }
        totals = new Totals(qos, Duration.ofNanos(stopNanos - startNanos), sent.get(), refused.get(),
                confirmed.get(), failed.get(), energySent.get(), energyConfirmed.get(), dropped.get());
    }

    /** The run's figures; complete once {@link #close()} has returned. */
    public synchronized Totals totals() {
        if (totals != null) {
            return totals;
        }
        long now = running ? System.nanoTime() : stopNanos;
        return new Totals(qos, Duration.ofNanos(now - startNanos), sent.get(), refused.get(), confirmed.get(),
                failed.get(), energySent.get(), energyConfirmed.get(), dropped.get());
    }
}
