package zmai.fleet.embedded;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.jboss.logging.Logger;
import zmai.fleet.config.FleetConfig;
import zmai.meter.virtual.FleetScenario;
import zmai.meter.virtual.VirtualFleet;

import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs {@code fleet.demo.meters} virtual ZMAi-90 meters from the meter-driver module against the fleet's broker,
 * each on its own MQTT session as real meters are, from start-up to shutdown.
 */
@ApplicationScoped
public class DemoMeters {

    private static final Logger LOG = Logger.getLogger(DemoMeters.class);

    private final DemoConfig demo;
    private final FleetConfig fleet;
    private ScheduledExecutorService scheduler;
    private VirtualFleet meters;

    DemoMeters(DemoConfig demo, FleetConfig fleet) {
        this.demo = demo;
        this.fleet = fleet;
    }

    void onStart(@Observes StartupEvent event) throws MqttException {
        if (demo.meters() <= 0) {
            return;
        }
        if (fleet.mqtt().username().isPresent()) {
            // the virtual meters speak OpenBeken's anonymous MQTT; a broker demanding a password turns them away
            LOG.warnf("fleet.demo.meters=%d ignored: the broker requires a user name and password", demo.meters());
            return;
        }
        String broker = fleet.mqtt().url();
        scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "demo-meters");
            t.setDaemon(true);
            return t;
        });
        meters = new VirtualFleet(FleetScenario.of(demo.meters(), demo.seed()), broker, scheduler,
                InstantSource.system());
        meters.start();
        LOG.infof("%d demo meters publishing to %s", demo.meters(), broker);
    }

    void onStop(@Observes ShutdownEvent event) {
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
    public long online() {
        return meters == null ? 0 : meters.online();
    }
}
