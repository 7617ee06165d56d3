package zmai.core.ota;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WavePlanTest {

    private static WaveSize pct(int p) {
        return new WaveSize.Percent(p);
    }

    @Test
    void aCanaryThenCumulativePercentages() {
        WavePlan plan = WavePlan.of(300, 1, List.of(pct(10), pct(50), pct(100)));
        assertThat(plan.ends()).containsExactly(1, 30, 150, 300);
        assertThat(plan.waveOf(0)).isZero();
        assertThat(plan.waveOf(1)).isEqualTo(1);
        assertThat(plan.waveOf(29)).isEqualTo(1);
        assertThat(plan.waveOf(30)).isEqualTo(2);
        assertThat(plan.waveOf(299)).isEqualTo(3);
    }

    @Test
    void countsAddDevicesAndTheRestFormALastWave() {
        WavePlan plan = WavePlan.of(100, 0, List.of(new WaveSize.Count(5), new WaveSize.Count(20)));
        assertThat(plan.ends()).containsExactly(5, 25, 100);
    }

    @Test
    void wavesThatAddNobodyDisappear() {
        assertThat(WavePlan.of(3, 1, List.of(pct(10), pct(50), pct(100))).ends()).containsExactly(1, 2, 3);
        assertThat(WavePlan.of(1, 1, List.of(pct(100))).ends()).containsExactly(1);
    }

    @Test
    void refusesWhatCannotBePlanned() {
        assertThatThrownBy(() -> WavePlan.of(0, 0, List.of())).hasMessageContaining("at least one device");
        assertThatThrownBy(() -> WavePlan.of(5, 6, List.of())).hasMessageContaining("canary");
        assertThatThrownBy(() -> pct(0)).hasMessageContaining("1..100");
        assertThatThrownBy(() -> new WaveSize.Count(0)).hasMessageContaining("at least one");
    }
}
