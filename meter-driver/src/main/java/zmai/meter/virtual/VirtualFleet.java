package zmai.meter.virtual;

import org.eclipse.paho.client.mqttv3.MqttException;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Session mode: every meter on its own MQTT session, as in a real fleet. Ticks come from one shared scheduler,
 * staggered over the second so the broker does not see every meter at once.
 */
public final class VirtualFleet implements AutoCloseable {

    private final List<MeterConnection> connections = new ArrayList<>();
    private final List<ScheduledFuture<?>> ticks = new ArrayList<>();
    private final ScheduledExecutorService scheduler;
    private final InstantSource clock;
    private MeterHttpApi httpApi;

    public VirtualFleet(FleetScenario scenario, String brokerUri, ScheduledExecutorService scheduler,
                        InstantSource clock) throws MqttException {
        this(scenario, UnaryOperator.identity(), brokerUri, scheduler, clock);
    }

    /**
     * @param setUp adjusts each meter's configuration before it is built, e.g. to start its counter where its
     *              recorded history ends
     */
    public VirtualFleet(FleetScenario scenario, UnaryOperator<MeterConfig> setUp, String brokerUri,
                        ScheduledExecutorService scheduler, InstantSource clock) throws MqttException {
        this.scheduler = scheduler;
        this.clock = clock;
        HttpClient http = MeterConnection.httpClient();
        for (int i = 0; i < scenario.count(); i++) {
            VirtualMeter meter = new VirtualMeter(setUp.apply(scenario.meter(i)), clock.instant());
            connections.add(new MeterConnection(meter, brokerUri, scheduler, clock, http,
                    MeterConnection.Timing.openBeken()));
        }
        this.flapping = new int[scenario.count()];
        this.unplugged = new int[scenario.count()];
        for (int i = 0; i < flapping.length; i++) {
            flapping[i] = scenario.flappingSeconds(i);
            unplugged[i] = scenario.unpluggedSeconds(i);
        }
    }

    private final int[] flapping;
    private final int[] unplugged;

    public void start() {
        int n = connections.size();
        for (int i = 0; i < n; i++) {
            MeterConnection c = connections.get(i);
            int every = flapping[i];
            int unplugAfter = unplugged[i];
            long[] seconds = {0};
            Runnable tick = () -> {
                c.tick(clock.instant());
                ++seconds[0];
                if (every > 0 && seconds[0] % every == 0) {
                    c.powerCut();
                }
                if (seconds[0] == unplugAfter) {
                    c.unplug();
                }
            };
            ticks.add(scheduler.scheduleAtFixedRate(tick, 1000L * i / Math.max(1, n), 1000, TimeUnit.MILLISECONDS));
        }
    }

    /**
     * Serves every meter's web server ({@code /api/ota}, {@code /api/reboot}, {@code /api/info}) on
     * 127.0.0.1:{@code port} (0 = any) until {@link #close}; once per fleet.
     */
    public synchronized MeterHttpApi serveHttp(int port) throws IOException {
        if (httpApi != null) {
            throw new IllegalStateException("already serving HTTP on port " + httpApi.port());
        }
        MeterHttpApi api = new MeterHttpApi(port);
        connections.forEach(api::register);
        httpApi = api;
        return api;
    }

    public List<MeterConnection> connections() {
        return List.copyOf(connections);
    }

    public long online() {
        return connections.stream().filter(MeterConnection::isConnected).count();
    }

    public long published() {
        return connections.stream().mapToLong(MeterConnection::publishedCount).sum();
    }

    @Override
    public void close() {
        ticks.forEach(t -> t.cancel(false));
        synchronized (this) {
            if (httpApi != null) {
                httpApi.close();
            }
        }
        connections.parallelStream().forEach(MeterConnection::close);
    }
}
