package zmai.fleet.energy;

import java.util.Objects;

/** Who changed accounted energy and why: what an adjustment to a final month records. */
public record Attribution(String by, String reason) {

    /** Readings the background accountant took up: live ones, or those an interrupted import left. */
    public static final Attribution ACCOUNTING_WORKER = new Attribution("accounting worker",
            "readings received over MQTT, or left unaccounted by an interrupted import");

    public Attribution {
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(reason, "reason");
    }
}
