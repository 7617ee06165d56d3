package zmai.core.ota;

import org.junit.jupiter.api.Test;
import zmai.core.firmware.FirmwareVersion;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static zmai.core.ota.DeviceSignal.Kind.OFFLINE;
import static zmai.core.ota.DeviceSignal.Kind.ONLINE;
import static zmai.core.ota.DeviceSignal.Kind.REBOOT;

class OtaStepTest {

    private static final FirmwareVersion OLD = FirmwareVersion.parse("1.18.288");
    private static final FirmwareVersion TARGET = FirmwareVersion.parse("1.18.300");
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private static final OtaStep STEP = new OtaStep(TARGET, Duration.ofSeconds(45), Duration.ofMinutes(10),
            Duration.ofSeconds(30));

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private static OtaProgress commanded(Optional<ImageDownload> download, List<DeviceSignal> signals,
                                         FirmwareVersion version) {
        return new OtaProgress(OtaState.COMMANDED, Optional.of(T0), download, signals, Optional.of(version), T0);
    }

    private static ImageDownload served(int from, int to, boolean complete) {
        return new ImageDownload(at(from), complete ? 1000 : 400, 1000, Optional.of(at(to)), complete);
    }

    private static List<OtaState> states(List<OtaTransition> moves) {
        return moves.stream().map(OtaTransition::to).toList();
    }

    @Test
    void aGoodUpdateGoesThroughEveryStateDatedByItsEvidence() {
        List<DeviceSignal> signals = List.of(new DeviceSignal(OFFLINE, at(1), "will"),
                new DeviceSignal(ONLINE, at(20), "connected = online"),
                new DeviceSignal(REBOOT, at(25), "uptime went from 900 s to 4 s"));
        List<OtaTransition> moves = STEP.advance(commanded(Optional.of(served(2, 14, true)), signals, TARGET), at(30));

        assertThat(states(moves)).containsExactly(OtaState.DOWNLOADING, OtaState.REBOOTING, OtaState.VERIFYING,
                OtaState.SUCCEEDED);
        assertThat(moves).extracting(OtaTransition::at).containsExactly(at(2), at(14), at(20), at(30));
        assertThat(moves.get(1).evidence()).contains("1000 bytes");
    }

    @Test
    void aDownloadInProgressWaits() {
        ImageDownload running = new ImageDownload(at(2), 300, 1000, Optional.empty(), false);
        assertThat(states(STEP.advance(commanded(Optional.of(running), List.of(), OLD), at(30))))
                .containsExactly(OtaState.DOWNLOADING);
    }

    @Test
    void aBrokenDownloadFailsWithTheBytesThatWentOut() {
        List<OtaTransition> moves = STEP.advance(commanded(Optional.of(served(2, 9, false)), List.of(), OLD), at(30));
        assertThat(states(moves)).containsExactly(OtaState.DOWNLOADING, OtaState.FAILED_DOWNLOAD_ABORTED);
        assertThat(moves.get(1).evidence()).contains("400 of 1000");
        assertThat(moves.get(1).at()).isEqualTo(at(9));
    }

    @Test
    void theBootloaderKeepingTheOldApplicationIsSeenOnceTheDeviceRebootedAndReportsIt() {
        List<DeviceSignal> back = List.of(new DeviceSignal(ONLINE, at(20), "connected = online"));
        OtaProgress online = commanded(Optional.of(served(2, 14, true)), back, OLD);
        assertThat(states(STEP.advance(online, at(21)))).as("the old build may not be re-reported yet")
                .containsExactly(OtaState.DOWNLOADING, OtaState.REBOOTING, OtaState.VERIFYING);

        List<DeviceSignal> rebooted = List.of(back.get(0), new DeviceSignal(REBOOT, at(26), "uptime 900 s to 5 s"));
        List<OtaTransition> moves = STEP.advance(commanded(Optional.of(served(2, 14, true)), rebooted, OLD), at(27));
        assertThat(moves.get(moves.size() - 1).to()).isEqualTo(OtaState.FAILED_SAME_VERSION);
        assertThat(moves.get(moves.size() - 1).evidence()).contains("runs 1.18.288, not 1.18.300");
    }

    @Test
    void aDeviceBackOnTheOldBuildWithoutAnUptimeDropFailsAfterTheVerifyWindow() {
        List<DeviceSignal> back = List.of(new DeviceSignal(ONLINE, at(20), "connected = online"));
        OtaProgress online = commanded(Optional.of(served(2, 14, true)), back, OLD);
        assertThat(states(STEP.advance(online, at(49)))).endsWith(OtaState.VERIFYING);
        List<OtaTransition> moves = STEP.advance(online, at(50));
        assertThat(moves.get(moves.size() - 1).to()).isEqualTo(OtaState.FAILED_SAME_VERSION);
        assertThat(moves.get(moves.size() - 1).at()).isEqualTo(at(50));
        assertThat(moves.get(moves.size() - 1).evidence()).contains("back on MQTT for PT30S");
    }

    @Test
    void aCommandNobodyFetchesFailsAfterTheFetchTimeout() {
        OtaProgress silent = commanded(Optional.empty(), List.of(), OLD);
        assertThat(STEP.advance(silent, at(44))).isEmpty();
        List<OtaTransition> moves = STEP.advance(silent, at(45));
        assertThat(states(moves)).containsExactly(OtaState.FAILED_NO_FETCH);
        assertThat(moves.get(0).at()).isEqualTo(at(45));
    }

    @Test
    void aDeviceBackOnlineWithoutFetchingCouldNotReachTheServer() {
        List<DeviceSignal> rebooted = List.of(new DeviceSignal(OFFLINE, at(1), "will"),
                new DeviceSignal(ONLINE, at(8), "connected = online"));
        List<OtaTransition> moves = STEP.advance(commanded(Optional.empty(), rebooted, OLD), at(9));
        assertThat(states(moves)).containsExactly(OtaState.FAILED_NO_FETCH);
        assertThat(moves.get(0).evidence()).contains("could not reach");
    }

    @Test
    void aDeviceThatNeverComesBackTimesOut() {
        OtaProgress gone = commanded(Optional.of(served(2, 14, true)), List.of(new DeviceSignal(OFFLINE, at(1),
                "will")), OLD);
        assertThat(states(STEP.advance(gone, at(599)))).containsExactly(OtaState.DOWNLOADING, OtaState.REBOOTING);
        assertThat(STEP.advance(commanded(Optional.empty(), List.of(new DeviceSignal(OFFLINE, at(1), "will")), OLD),
                at(30))).as("offline is not yet back").isEmpty();
        List<OtaTransition> moves = STEP.advance(gone, at(600));
        assertThat(states(moves)).containsExactly(OtaState.DOWNLOADING, OtaState.REBOOTING,
                OtaState.FAILED_TIMEOUT);
        assertThat(moves.get(2).evidence()).contains("safe mode");
    }

    @Test
    void signalsFromBeforeTheDownloadEndedDoNotCountAsTheReboot() {
        List<DeviceSignal> early = List.of(new DeviceSignal(ONLINE, at(3), "connected = online"));
        assertThat(states(STEP.advance(commanded(Optional.of(served(2, 14, true)), early, TARGET), at(15))))
                .containsExactly(OtaState.DOWNLOADING, OtaState.REBOOTING);
    }

    @Test
    void aMessageAfterTheDownloadShowsTheDeviceBackWhenItsOnlineWasMissed() {
        List<DeviceSignal> heard = List.of(new DeviceSignal(DeviceSignal.Kind.HEARD, at(40), "heard from"));
        List<OtaTransition> moves = STEP.advance(commanded(Optional.of(served(2, 14, true)), heard, TARGET), at(41));
        assertThat(states(moves)).containsExactly(OtaState.DOWNLOADING, OtaState.REBOOTING, OtaState.VERIFYING,
                OtaState.SUCCEEDED);
        assertThat(STEP.advance(commanded(Optional.empty(), heard, OLD), at(41)))
                .as("a device that ignored the command keeps talking: that is no return").isEmpty();
    }

    @Test
    void theVerifyWindowRunsFromEnteringVerifyingThoughNewMessagesKeepComing() {
        ImageDownload served = served(2, 14, true);
        OtaProgress verifying = new OtaProgress(OtaState.VERIFYING, Optional.of(T0), Optional.of(served),
                List.of(new DeviceSignal(DeviceSignal.Kind.HEARD, at(100), "heard from")), Optional.of(OLD), at(20));
        List<OtaTransition> moves = STEP.advance(verifying, at(100));
        assertThat(states(moves)).containsExactly(OtaState.FAILED_SAME_VERSION);
        assertThat(moves.get(0).at()).isEqualTo(at(50));
    }

    @Test
    void endedStatesDoNotMove() {
        OtaProgress done = new OtaProgress(OtaState.SUCCEEDED, Optional.of(T0), Optional.empty(), List.of(),
                Optional.of(TARGET), T0);
        assertThat(STEP.advance(done, at(10_000))).isEmpty();
    }

    @Test
    void statesKnowWhatTheyMean() {
        assertThat(OtaState.QUEUED.isInFlight()).isFalse();
        assertThat(OtaState.VERIFYING.isInFlight()).isTrue();
        assertThat(OtaState.SKIPPED.isTerminal()).isTrue();
        assertThat(OtaState.FAILED_PRECHECK.isUpdateFailure()).isFalse();
        assertThat(OtaState.FAILED_TIMEOUT.isUpdateFailure()).isTrue();
        assertThat(OtaState.CANCELLED.isFailure()).isFalse();
    }
}
