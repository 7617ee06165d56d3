package zmai.fleet.embedded;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.jboss.logging.Logger;
import zmai.fleet.config.FleetConfig;
import zmai.fleet.tracking.DeviceTracker;
import zmai.core.firmware.FirmwareVersion;
import zmai.meter.virtual.FirmwareBuild;
import zmai.meter.virtual.FleetScenario;
import zmai.meter.virtual.MeterConfig;
import zmai.meter.virtual.VirtualFleet;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;

/**
 * Runs {@code fleet.demo.meters} virtual ZMAi-90 meters from the meter-driver module against the fleet's broker,
 * each on its own MQTT session as real meters are, from start-up to shutdown, and gives them what a person trying
 * the console expects to find (see {@link DemoSeed}). Each meter's counter continues from its last stored total,
 * or from the end of the history it is given, so the accountant never sees the demo restart as a reset; a meter
 * comes back on the firmware it last reported, as one that took a rollout would.
 */
@ApplicationScoped
public class DemoMeters {

    private static final Logger LOG = Logger.getLogger(DemoMeters.class);
    /** How long the seed waits for the meters to announce themselves before it names and assigns them. */
    private static final Duration ANNOUNCE_WAIT = Duration.ofMinutes(2);

    private final DemoConfig demo;
    private final FleetConfig fleet;
    private final DemoSeed seed;
    private ScheduledExecutorService scheduler;
    private VirtualFleet meters;
    private boolean stopped;

    DemoMeters(DemoConfig demo, FleetConfig fleet, DemoSeed seed) {
        this.demo = demo;
        this.fleet = fleet;
        this.seed = seed;
    }

    void onStart(@Observes StartupEvent event) {
        if (demo.meters() <= 0) {
            return;
        }
        if (fleet.mqtt().username().isPresent()) {
            // the virtual meters speak OpenBeken's anonymous MQTT; a broker demanding a password turns them away
            LOG.warnf("fleet.demo.meters=%d ignored: the broker requires a user name and password", demo.meters());
            return;
        }
        // the history import takes a few seconds: start-up does not wait for it
        Thread t = new Thread(this::run, "demo-seed");
        t.setDaemon(true);
        t.start();
    }

    private void run() {
        try {
            FleetScenario scenario = DemoFleet.scenario(demo.meters(), demo.seed());
            Instant start = Instant.now();
            ZoneId zone = ZoneId.of(DemoFleet.TIMEZONE);
            Instant from = DemoHistory.startFor(start, zone);
            Map<String, DemoFleet.Placement> placements = new LinkedHashMap<>();
            for (int i = 0; i < scenario.count(); i++) {
                placements.put(DeviceTracker.idFor(scenario.meter(i).mac()), DemoFleet.placement(i, scenario.count()));
            }
            List<String> ids = List.copyOf(placements.keySet());
            Map<String, DemoSeed.LastKnown> known = seed.lastKnown(ids);
            Map<String, Long> counters = new HashMap<>();
            List<DemoHistory> histories = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                DemoSeed.LastKnown last = known.get(ids.get(i));
                if (last != null && last.counterMilliWh() != null) {
                    counters.put(ids.get(i), last.counterMilliWh());
                } else {
                    DemoHistory h = DemoHistory.endingAt(ids.get(i), start, zone, firstCounterMilliWh(i),
                            scenario.meter(i).load());
                    histories.add(h);
                    counters.put(h.device(), h.endMilliWh());
                }
            }
            boolean image = seed.firmware();
            if (!startMeters(scenario, config -> resumed(config, counters, known))) {
                return;
            }
            // the meters' own announcements create their devices: rows made earlier by an import would carry no
            // topic, and the tracker could not give a meter's first, provisional row the id such a row holds
            Set<String> heard = awaitAnnounced(ids);
            placements.keySet().retainAll(heard);
            int placed = seed.place(placements);
            int imported = seed.history(histories.stream().filter(h -> heard.contains(h.device())).toList());
            // after the history: a month already final takes the meters' energy as adjustments, and each then
            // names the assignment that brought it, not whichever accountant happened to see the readings first
            int assigned = seed.circuits(placements, from);
            LOG.infof("demo data: %d of %d meters announced; %s; %d meters named, %d assigned to circuits %s,"
                            + " %d given hourly readings since %s (each part only where missing)", heard.size(),
                    ids.size(), image ? "firmware " + DemoSeed.FIRMWARE_VERSION + " stored" : "firmware there already",
                    placed, assigned, DemoFleet.CIRCUITS, imported, from);
        } catch (Exception e) {
            LOG.error("demo data could not be completed; the meters that started keep running", e);
        }
    }

    // spread out, so the meters' totals differ at a glance
    private static long firstCounterMilliWh(int index) {
        return 100_000_000L + 7_919_000L * index;
    }

    /** A meter as it was when the demo last stopped: its counter, and the firmware a rollout may have installed. */
    private static MeterConfig resumed(MeterConfig config, Map<String, Long> counters,
                                       Map<String, DemoSeed.LastKnown> known) {
        String id = DeviceTracker.idFor(config.mac());
        MeterConfig resumed = config.withInitialEnergy(counters.getOrDefault(id, 0L));
        DemoSeed.LastKnown last = known.get(id);
        if (last != null && last.firmwareVersion() != null) {
            FirmwareBuild build = config.build();
            resumed = resumed.withBuild(new FirmwareBuild(build.chip(), FirmwareVersion.parse(last.firmwareVersion()),
                    build.builtAt()));
        }
        return resumed;
    }

    private synchronized boolean startMeters(FleetScenario scenario, UnaryOperator<MeterConfig> setUp)
            throws MqttException {
        if (stopped) {
            return false;
        }
        String broker = fleet.mqtt().url();
        scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "demo-meters");
            t.setDaemon(true);
            return t;
        });
        meters = new VirtualFleet(scenario, setUp, broker, scheduler, InstantSource.system());
        meters.start();
        LOG.infof("%d demo meters publishing to %s (meter %d loses power every %d s, meter %d is unplugged %d s"
                        + " after start)", scenario.count(), broker, DemoFleet.FLAPPING, DemoFleet.FLAPPING_SECONDS,
                DemoFleet.UNPLUGGED, DemoFleet.UNPLUGGED_AFTER_SECONDS);
        return true;
    }

    private Set<String> awaitAnnounced(List<String> ids) throws Exception {
        Instant deadline = Instant.now().plus(ANNOUNCE_WAIT);
        Set<String> heard = seed.heardFrom(ids);
        while (heard.size() < ids.size() && Instant.now().isBefore(deadline) && !isStopped()) {
            Thread.sleep(1_000);
            heard = seed.heardFrom(ids);
        }
        return heard;
    }

    private synchronized boolean isStopped() {
        return stopped;
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        if (meters != null) {
            meters.close();
            meters = null;
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    /** Meters connected right now; 0 when none run. */
    public synchronized long online() {
        return meters == null ? 0 : meters.online();
    }
}
