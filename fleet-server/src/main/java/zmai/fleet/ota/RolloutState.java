package zmai.fleet.ota;

/** A rollout as a whole. Devices already updating finish and are followed to the end, whatever this says. */
public enum RolloutState {
    /** Created with {@code "start": false}. */
    READY,
    RUNNING,
    /** By an operator or by a wave over its failure threshold: no device is commanded until resumed. */
    PAUSED,
    FINISHED,
    CANCELLED;

    /** Its devices stay reserved for it, and its image may not be deleted. */
    public boolean holdsDevices() {
        return this == READY || this == RUNNING || this == PAUSED;
    }
}
