package zmai.fleet;

import io.quarkus.runtime.annotations.QuarkusMain;
import zmai.fleet.embedded.EmbeddedLauncher;

/** The fleet server's entry point: brings its own PostgreSQL and MQTT broker unless told where they are. */
@QuarkusMain
public final class FleetMain {

    private FleetMain() {
    }

    public static void main(String[] args) {
        EmbeddedLauncher.launch(args);
    }
}
