package zmai.fleet.embedded;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Virtual meters the server runs against its own broker, for trying it out ({@code FLEET_DEMO_METERS=20}). */
@ConfigMapping(prefix = "fleet.demo")
public interface DemoConfig {

    /** How many virtual ZMAi-90 meters to start; 0 starts none. */
    @WithDefault("0")
    int meters();

    /** Seeds their MAC addresses, noise and load curves, so a restart brings back the same meters. */
    @WithDefault("1")
    long seed();
}
