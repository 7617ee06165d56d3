package zmai.core.ota;

import zmai.core.firmware.FirmwareVersion;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything known about one device's update at one moment.
 *
 * @param commandedAt when {@code ota_http} was published; empty before
 * @param signals     what the device said since it was commanded, oldest first
 * @param version     the version it reports now
 * @param stateAt     when it entered {@code state}
 */
public record OtaProgress(OtaState state, Optional<Instant> commandedAt, Optional<ImageDownload> download,
                          List<DeviceSignal> signals, Optional<FirmwareVersion> version, Instant stateAt) {

    public OtaProgress {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(stateAt, "stateAt");
        Objects.requireNonNull(commandedAt, "commandedAt");
        Objects.requireNonNull(download, "download");
        Objects.requireNonNull(version, "version");
        signals = List.copyOf(signals);
    }

    /** The first signal of one of {@code kinds} after {@code since}. */
    Optional<DeviceSignal> firstAfter(Instant since, DeviceSignal.Kind... kinds) {
        List<DeviceSignal.Kind> wanted = List.of(kinds);
        return signals.stream().filter(s -> s.at().isAfter(since) && wanted.contains(s.kind())).findFirst();
    }

    OtaProgress after(OtaTransition t) {
        return new OtaProgress(t.to(), commandedAt, download, signals, version, t.at());
    }
}
