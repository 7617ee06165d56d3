package zmai.core.link;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static zmai.core.link.ResetPulse.ModemLine.DTR;
import static zmai.core.link.ResetPulse.ModemLine.RTS;

class ResetPulseTest {

    @Test
    void rtsToCenFollowsBk7231tools() {
        assertThat(ResetPulse.RTS_TO_CEN.steps()).containsExactly(
                new ResetPulse.Step(RTS, true, Duration.ZERO),
                new ResetPulse.Step(DTR, true, Duration.ofMillis(100)),
                new ResetPulse.Step(DTR, false, Duration.ofMillis(100)),
                new ResetPulse.Step(RTS, false, Duration.ZERO));
        assertThat(ResetPulse.RTS_TO_CEN.duration()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void dtrToCenHoldsDtrFor200Ms() {
        assertThat(ResetPulse.DTR_TO_CEN.steps()).containsExactly(
                new ResetPulse.Step(RTS, false, Duration.ZERO),
                new ResetPulse.Step(DTR, true, Duration.ofMillis(200)),
                new ResetPulse.Step(DTR, false, Duration.ZERO));
    }

    @Test
    void noneTouchesNothing() {
        assertThat(ResetPulse.NONE.steps()).isEmpty();
        assertThat(ResetPulse.NONE.duration()).isZero();
    }
}
