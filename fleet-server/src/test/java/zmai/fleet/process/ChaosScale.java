package zmai.fleet.process;

import java.time.Duration;

/**
 * How hard the faults hit: short in the normal test run, at the sizes the reliability document states with
 * {@code -Dchaos.full=true} (the chaos script).
 */
record ChaosScale(int meters, Duration steady, Duration killedFor, Duration databaseDownFor,
                  Duration brokerDownFor, Duration lineCutFor, int importMeters, int importDays) {

    static final ChaosScale CURRENT = Boolean.getBoolean("chaos.full")
            ? new ChaosScale(40, Duration.ofSeconds(40), Duration.ofSeconds(10), Duration.ofSeconds(60),
                    Duration.ofSeconds(20), Duration.ofSeconds(30), 100, 105)
            : new ChaosScale(8, Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(8),
                    Duration.ofSeconds(4), Duration.ofSeconds(5), 12, 59);

    /** Lines of the import that is killed: one reading per meter every 15 minutes. */
    int importLines() {
        return importMeters * importDays * 96;
    }
}
