package zmai.core.ota;

import zmai.core.firmware.FirmwareVersion;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The update of one commanded device, moved on by evidence alone: the server's own record of the image download,
 * and what the device says on MQTT. OpenBeken reports nothing during an OTA and reboots one second after any
 * download ends, good or bad (spec §2.2), so a complete download means REBOOTING, and only the build the device
 * reports after booting tells whether the bootloader installed the image.
 *
 * @param fetchTimeout  how long a commanded device may take to ask for the image
 * @param deviceTimeout how long from the command until the device must be back on the target
 * @param verifyWindow  how long a device back on MQTT may take to report the target build; OpenBeken publishes
 *                      its build within seconds of connecting, so one still on the old build after this kept it
 */
public record OtaStep(FirmwareVersion target, Duration fetchTimeout, Duration deviceTimeout, Duration verifyWindow) {

    /** What shows a device that was updating is back on MQTT. */
    private static final DeviceSignal.Kind[] BACK = {DeviceSignal.Kind.ONLINE, DeviceSignal.Kind.REBOOT,
            DeviceSignal.Kind.HEARD};

    public OtaStep {
        Objects.requireNonNull(target, "target");
        requirePositive(fetchTimeout, "fetchTimeout");
        requirePositive(deviceTimeout, "deviceTimeout");
        requirePositive(verifyWindow, "verifyWindow");
    }

    /** Every transition the evidence supports at {@code now}, in order; empty when nothing has changed. */
    public List<OtaTransition> advance(OtaProgress progress, Instant now) {
        List<OtaTransition> moves = new ArrayList<>();
        OtaProgress p = progress;
        for (Optional<OtaTransition> next = next(p, now); next.isPresent(); next = next(p, now)) {
            moves.add(next.get());
            p = p.after(next.get());
        }
        return moves;
    }

    Optional<OtaTransition> next(OtaProgress p, Instant now) {
        if (!p.state().isInFlight() || p.commandedAt().isEmpty()) {
            return Optional.empty();
        }
        Instant commanded = p.commandedAt().get();
        Optional<OtaTransition> evidence = switch (p.state()) {
            case COMMANDED -> commanded(p, commanded, now);
            case DOWNLOADING -> downloading(p);
            case REBOOTING -> rebooting(p);
            case VERIFYING -> verifying(p, now);
            default -> Optional.empty();
        };
        if (evidence.isPresent()) {
            return evidence;
        }
        Instant deadline = commanded.plus(deviceTimeout);
        if (!now.isBefore(deadline)) {
            return Optional.of(new OtaTransition(OtaState.FAILED_TIMEOUT, deadline, "not back on " + target
                    + " within " + deviceTimeout + " of the command (last " + p.state()
                    + "); a device that keeps failing to boot goes into safe mode, off MQTT"));
        }
        return Optional.empty();
    }

    private Optional<OtaTransition> commanded(OtaProgress p, Instant commanded, Instant now) {
        if (p.download().isPresent()) {
            return Optional.of(new OtaTransition(OtaState.DOWNLOADING, p.download().get().startedAt(),
                    "the device asked for the image"));
        }
        // it left MQTT for the update and is back, so its attempt is over; online before the command was checked
        Optional<DeviceSignal> back = p.firstAfter(commanded, DeviceSignal.Kind.ONLINE, DeviceSignal.Kind.REBOOT);
        if (back.isPresent()) {
            return Optional.of(new OtaTransition(OtaState.FAILED_NO_FETCH, back.get().at(),
                    "back on MQTT without asking for the image (" + back.get().detail()
                            + "): it could not reach the image URL"));
        }
        Instant deadline = commanded.plus(fetchTimeout);
        if (!now.isBefore(deadline)) {
            return Optional.of(new OtaTransition(OtaState.FAILED_NO_FETCH, deadline,
                    "no request for the image within " + fetchTimeout + " of the command"));
        }
        return Optional.empty();
    }

    private static Optional<OtaTransition> downloading(OtaProgress p) {
        ImageDownload d = p.download().orElseThrow();
        if (d.endedAt().isEmpty()) {
            return Optional.empty();
        }
        if (d.complete()) {
            return Optional.of(new OtaTransition(OtaState.REBOOTING, d.endedAt().get(),
                    "served all " + d.size() + " bytes in " + d.elapsed().toMillis() + " ms"));
        }
        return Optional.of(new OtaTransition(OtaState.FAILED_DOWNLOAD_ABORTED, d.endedAt().get(),
                "the download broke off after " + d.bytesSent() + " of " + d.size()
                        + " bytes; the device boots its old application"));
    }

    private static Optional<OtaTransition> rebooting(OtaProgress p) {
        Instant ended = p.download().flatMap(ImageDownload::endedAt).orElseThrow();
        return p.firstAfter(ended, BACK)
                .map(s -> new OtaTransition(OtaState.VERIFYING, s.at(), "back on MQTT (" + s.detail() + ")"));
    }

    private Optional<OtaTransition> verifying(OtaProgress p, Instant now) {
        Instant ended = p.download().flatMap(ImageDownload::endedAt).orElseThrow();
        Optional<DeviceSignal> back = p.firstAfter(ended, BACK);
        Instant at = back.map(DeviceSignal::at).orElse(ended);
        if (p.version().filter(target::equals).isPresent()) {
            // dated when it was seen: the device's build message carries no time of its own
            return Optional.of(new OtaTransition(OtaState.SUCCEEDED, now, "runs " + target + ", back on MQTT since "
                    + at));
        }
        String runs = p.version().map(FirmwareVersion::toString).orElse("an unknown version");
        // the build is published before the uptime, so once a lower uptime is seen the build is current
        Optional<DeviceSignal> reboot = p.firstAfter(ended, DeviceSignal.Kind.REBOOT);
        if (reboot.isPresent()) {
            return Optional.of(new OtaTransition(OtaState.FAILED_SAME_VERSION, reboot.get().at(), "booted again ("
                    + reboot.get().detail() + ") and runs " + runs + ", not " + target
                    + ": the bootloader kept the old application"));
        }
        // counted from entering VERIFYING: the newest message, one of the signs of return, keeps moving
        Instant verified = p.stateAt().plus(verifyWindow);
        if (back.isPresent() && !now.isBefore(verified)) {
            return Optional.of(new OtaTransition(OtaState.FAILED_SAME_VERSION, verified, "back on MQTT for "
                    + verifyWindow + " and still runs " + runs + ", not " + target
                    + ": the bootloader kept the old application"));
        }
        return Optional.empty();
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + d);
        }
    }
}
