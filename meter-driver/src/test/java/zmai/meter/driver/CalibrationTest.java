package zmai.meter.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationTest {

    @TempDir
    Path dir;

    @Test
    void defaultPulseIsAbout0point55WattHours() {
        // spec §4.5: EnergyP LSB ≈ 0.55 Wh at the reset HFConst with 1/Kp ≈ 9857
        assertThat(Calibration.defaults().milliWattHoursPerPulse().doubleValue()).isCloseTo(554.0, within(1.0));
    }

    @Test
    void sixtyWattsGiveAbout108PulsesPerHour() {
        double perHour = 60_000 / Calibration.defaults().milliWattHoursPerPulse().doubleValue();
        assertThat(perHour).isCloseTo(108, within(1.0));
    }

    @Test
    void scalesTheWorkedFramesOfTheSpec() {
        Calibration c = Calibration.defaults();
        assertThat(c.volts(0x2033E1)).isCloseTo(239.55, within(0.01));
        assertThat(c.watts(591_420)).isCloseTo(60.0, within(0.01));
    }

    @Test
    void roundTripsThroughJson() throws IOException {
        CalibrationFile file = new CalibrationFile(dir.resolve("calibration.json"));
        Calibration calibrated = Calibration.defaults().withGains(8799.5, 36_012.25, -123);
        file.save(calibrated);
        assertThat(file.load()).isEqualTo(calibrated);
    }

    @Test
    void refusesRegisterValuesThatDoNotFit() {
        Calibration d = Calibration.defaults();
        assertThatThrownBy(() -> d.withGains(8810, 36660, 40_000)).hasMessageContaining("GPQA");
    }
}
