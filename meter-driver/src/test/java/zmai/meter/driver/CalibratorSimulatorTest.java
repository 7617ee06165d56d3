package zmai.meter.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import zmai.meter.rn8209.Register;
import zmai.meter.sim.BoardConstants;
import zmai.meter.sim.Load;
import zmai.meter.sim.ManualClock;
import zmai.meter.sim.Noise;
import zmai.meter.sim.SimulatedRn8209c;

class CalibratorSimulatorTest {

    private final ManualClock clock = new ManualClock();
    private final Pause pause = clock::advance;

    @Test
    void aBoardUnlikeTheDefaultsIsCalibratedBelowOnePercent() throws Exception {
        // a board 2.4 % off in voltage and 3.7 % in current: power reads 1.2 % high with the default 1/Kp
        BoardConstants board = new BoardConstants(8600, 38_000);
        SimulatedRn8209c chip = SimulatedRn8209c.builder().clock(clock).board(board).noise(Noise.TYPICAL).seed(7)
                .load(new Load(230, 0.2609, 60, 50)).build();
        Rn8209Driver driver = new Rn8209Driver(new Rn8209Client(new ChipLink(chip), pause), clock, pause);
        driver.initialise(Calibration.defaults());
        clock.advance(Duration.ofMillis(500));

        Calibrator.Result result = new Calibrator(pause).calibrate(driver, 230, 0.2609, 60);

        assertThat(result.before().worstPercent()).isGreaterThan(2);
        assertThat(result.after().voltsPercent()).isCloseTo(0, within(1.0));
        assertThat(result.after().ampsPercent()).isCloseTo(0, within(1.0));
        assertThat(result.after().wattsPercent()).isCloseTo(0, within(1.0));
        assertThat(result.calibration().voltsLsb()).isCloseTo(8600, within(20.0));
        assertThat(result.calibration().ampsLsb()).isCloseTo(38_000, within(200.0));
        assertThat(chip.peek(Register.GPQA)).isEqualTo(result.calibration().gpqa() & 0xFFFF);
        assertThat(result.calibration().gpqa()).isNegative();

        clock.advance(Duration.ofSeconds(1));
        Reading reading = driver.read();
        assertThat(reading.watts()).isCloseTo(60, within(0.6));
        assertThat(reading.volts()).isCloseTo(230, within(2.3));
    }
}
