package zmai.core.ota;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static zmai.core.ota.WaveTally.Verdict.ADVANCE;
import static zmai.core.ota.WaveTally.Verdict.CONTINUE;
import static zmai.core.ota.WaveTally.Verdict.PAUSE;

class WaveTallyTest {

    @Test
    void aFailedCanaryPausesAtOnce() {
        assertThat(new WaveTally(1, 0, 1, 0, 0).judge(10, 90)).isEqualTo(PAUSE);
    }

    @Test
    void failuresWithinTheThresholdLetTheWaveRunAndAdvance() {
        assertThat(new WaveTally(50, 20, 5, 0, 0).judge(10, 90)).isEqualTo(CONTINUE);
        assertThat(new WaveTally(50, 45, 5, 0, 0).judge(10, 90)).isEqualTo(ADVANCE);
    }

    @Test
    void oneFailureTooManyPausesBeforeTheWaveEnds() {
        assertThat(new WaveTally(50, 10, 6, 0, 0).judge(10, 90)).isEqualTo(PAUSE);
    }

    @Test
    void theSuccessThresholdIsCheckedWhenTheWaveEnds() {
        assertThat(new WaveTally(10, 8, 1, 1, 0).judge(20, 90)).as("8 of 9 commanded").isEqualTo(PAUSE);
        assertThat(new WaveTally(10, 9, 0, 1, 0).judge(20, 90)).isEqualTo(ADVANCE);
    }

    @Test
    void refusedDevicesAreNeitherSuccessNorFailure() {
        assertThat(new WaveTally(4, 0, 0, 4, 0).judge(10, 90)).isEqualTo(ADVANCE);
    }

    @Test
    void failuresAcceptedByAResumeNoLongerCount() {
        assertThat(new WaveTally(10, 0, 1, 0, 1).judge(10, 90)).isEqualTo(CONTINUE);
        assertThat(new WaveTally(10, 9, 1, 0, 1).judge(10, 90)).isEqualTo(ADVANCE);
        assertThat(new WaveTally(10, 1, 3, 0, 1).judge(10, 90)).isEqualTo(PAUSE);
    }

    @Test
    void refusesImpossibleCounts() {
        assertThatThrownBy(() -> new WaveTally(3, 2, 2, 0, 0)).hasMessageContaining("inconsistent");
    }
}
