package zmai.core.ota;

/**
 * Where one device is in a rollout (the OpenBeken OTA state machine, spec §2.5). The device goes silent on MQTT
 * while it downloads, so DOWNLOADING is known from the server's own HTTP log, and REBOOTING from the download's end.
 */
public enum OtaState {
    QUEUED,
    /** Checked just before the command: online, chip family, not already on the target, signal. */
    PRECHECK,
    /** {@code ota_http <url>} published to the device's own topic. */
    COMMANDED,
    /** The image server saw the device's GET. */
    DOWNLOADING,
    /** The whole image was served; OpenBeken reboots one second after any download ends. */
    REBOOTING,
    /** Back on MQTT after the download: waiting for the build it booted. */
    VERIFYING,
    SUCCEEDED,
    /** Already on the target version: not commanded. */
    SKIPPED,
    /** Refused before any command (offline, other chip family, weak signal, shared topic); retryable. */
    FAILED_PRECHECK,
    FAILED_NO_FETCH,
    FAILED_DOWNLOAD_ABORTED,
    /** Rebooted after a complete download and still runs another version: the bootloader kept the old app. */
    FAILED_SAME_VERSION,
    /** Not back on the target in time; a device that keeps failing to boot ends in safe mode, off MQTT. */
    FAILED_TIMEOUT,
    CANCELLED;

    public boolean isTerminal() {
        return compareTo(SUCCEEDED) >= 0;
    }

    /** Commanded and not yet ended: the device may be mid-update, whatever happens to its rollout. */
    public boolean isInFlight() {
        return compareTo(COMMANDED) >= 0 && compareTo(VERIFYING) <= 0;
    }

    public boolean isFailure() {
        return name().startsWith("FAILED_");
    }

    /** A failure of the update itself, which counts against a wave; a refused precheck commanded nothing. */
    public boolean isUpdateFailure() {
        return isFailure() && this != FAILED_PRECHECK;
    }

    public boolean isSuccess() {
        return this == SUCCEEDED || this == SKIPPED;
    }
}
