package zmai.core.firmware;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionRangeTest {

    private static boolean admits(String range, String version) {
        return VersionRange.parse(range).admits(FirmwareVersion.parse(version));
    }

    @Test
    void boundsCompareNumerically() {
        assertThat(admits("<1.18.300", "1.18.288")).isTrue();
        assertThat(admits("<1.18.300", "1.18.300")).isFalse();
        assertThat(admits(">=1.17.0 <1.18.300", "1.17.551")).isTrue();
        assertThat(admits(">=1.17.0 <1.18.300", "1.16.9")).isFalse();
        assertThat(admits("<=1.18.29", "1.18.288")).isFalse();
        assertThat(admits(">1.18", "1.18.1")).isTrue();
    }

    @Test
    void aBareVersionIsExact() {
        assertThat(admits("1.18.288", "1.18.288")).isTrue();
        assertThat(admits("=1.18.288", "1.18.289")).isFalse();
    }

    @Test
    void refusesWhatIsNotARange() {
        assertThatThrownBy(() -> VersionRange.parse(" ")).hasMessageContaining("e.g.");
        assertThatThrownBy(() -> VersionRange.parse("<banana")).hasMessageContaining("not a version bound");
        assertThatThrownBy(() -> VersionRange.parse("<" + "1.".repeat(150) + "1")).hasMessageContaining("1..200");
    }
}
