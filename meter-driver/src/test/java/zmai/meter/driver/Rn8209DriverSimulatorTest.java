package zmai.meter.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import zmai.meter.rn8209.Register;
import zmai.meter.sim.Load;
import zmai.meter.sim.ManualClock;
import zmai.meter.sim.SimulatedRn8209c;

class Rn8209DriverSimulatorTest {

    private static final Load BULB = new Load(230, 0.2609, 60, 50);

    private final ManualClock clock = new ManualClock();
    private final Pause pause = clock::advance;

    @TempDir
    Path dir;

    private SimulatedRn8209c chip(Load load) {
        return SimulatedRn8209c.builder().clock(clock).load(load).build();
    }

    private Rn8209Driver driver(ChipLink link, EnergyRegisterListener energy) {
        return new Rn8209Driver(new Rn8209Client(link, pause), clock, pause, energy);
    }

    @Test
    void initialiseVerifiesTheChipAndEveryWriteTakes() throws Exception {
        SimulatedRn8209c chip = chip(BULB);
        Rn8209Driver driver = driver(new ChipLink(chip), EnergyRegisterListener.NONE);
        Calibration calibration = new Calibration(8810, 36660, 9857, 0x1000, 0x0060, -300, 12, -352, 3,
                Calibration.milliWattHoursPerPulse(9857, 0x1000));
        driver.initialise(calibration);
        assertThat(chip.peek(Register.GPQA)).isEqualTo(-300 & 0xFFFF);
        assertThat(chip.peek(Register.APOSA)).isEqualTo(12);
        assertThat(chip.peek(Register.IARMSOS)).isEqualTo(-352 & 0xFFFF);
        assertThat(chip.peek(Register.PHSA)).isEqualTo(3);
        assertThat(chip.peek(Register.EMUCON)).isEqualTo(Rn8209Driver.EMUCON);
        assertThat(chip.peek(Register.EMUCON2)).isEqualTo(Rn8209Driver.EMUCON2);
        assertThat(chip.peek(Register.SYSCON) & 0xFF).isEqualTo(Rn8209Driver.SYSCON);
        assertThat(chip.peek(Register.SYSSTATUS) & 0x10).as("locked again").isZero();
        assertThat(driver.expectedChecksum()).isEqualTo((int) (chip.peek(Register.EMUSTATUS) & 0xFFFF));
    }

    @Test
    void readsTheLoadInPhysicalUnits() throws Exception {
        Rn8209Driver driver = driver(new ChipLink(chip(BULB)), EnergyRegisterListener.NONE);
        driver.initialise(Calibration.defaults());
        clock.advance(Duration.ofMillis(500));
        Reading reading = driver.read();
        assertThat(reading.volts()).isCloseTo(230, within(0.1));
        assertThat(reading.amps()).isCloseTo(0.2609, within(0.002));
        assertThat(reading.watts()).isCloseTo(60, within(0.1));
        assertThat(reading.powerFactor()).isCloseTo(1, within(0.01));
        assertThat(reading.hertz()).isCloseTo(50, within(0.01));
        assertThat(reading.at()).isEqualTo(clock.instant());
    }

    @Test
    void anAnswerWithABadChecksumIsRetried() throws Exception {
        ChipLink link = new ChipLink(chip(BULB));
        Rn8209Driver driver = driver(link, EnergyRegisterListener.NONE);
        driver.initialise(Calibration.defaults());
        link.corruptAnswers = 2;
        assertThat(driver.read().volts()).isCloseTo(230, within(0.1));
        assertThat(link.corruptAnswers).isZero();
    }

    @Test
    void aWriteTheChipIgnoredIsNoticedAndRepeated() throws Exception {
        SimulatedRn8209c chip = chip(BULB);
        ChipLink link = new ChipLink(chip);
        Rn8209Client client = new Rn8209Client(link, pause);
        link.corruptWrites = 1;
        client.write(Register.GPQA, 0x0123);
        assertThat(chip.peek(Register.GPQA)).isEqualTo(0x0123);
        assertThat(link.writeFrames).isEqualTo(2);
    }

    @Test
    void aChipThatLostItsSetupIsInitialisedAgain() throws Exception {
        SimulatedRn8209c chip = chip(BULB);
        Rn8209Driver driver = driver(new ChipLink(chip), EnergyRegisterListener.NONE);
        Calibration calibration = Calibration.defaults().withGains(8810, 36660, -200);
        driver.initialise(calibration);
        chip.reset();
        clock.advance(Duration.ofMillis(300));
        for (int i = 0; i < Rn8209Driver.MISMATCHES_BEFORE_REINIT; i++) {
            driver.read();
        }
        assertThat(driver.initialisations()).isEqualTo(2);
        assertThat(chip.peek(Register.GPQA)).isEqualTo(-200 & 0xFFFF);
    }

    @Test
    void energyOverHoursWithADriverRestartMatchesTheTrueEnergyWithinOnePulse() throws Exception {
        SimulatedRn8209c chip = chip(new Load(230, 2, 437, 50));
        Path state = dir.resolve("energy.json");
        Calibration calibration = Calibration.defaults();
        BigDecimal perPulse = calibration.milliWattHoursPerPulse();

        EnergyAccumulator first = EnergyAccumulator.open(state, perPulse);
        Rn8209Driver driver = driver(new ChipLink(chip), first);
        driver.initialise(calibration);
        long startMwh = chip.importedMilliwattHours();
        poll(driver, Duration.ofHours(5), Duration.ofSeconds(30));

        // the process ends; a new one opens the same state file and sets the chip up again
        clock.advance(Duration.ofMinutes(3));
        EnergyAccumulator second = EnergyAccumulator.open(state, perPulse);
        Rn8209Driver restarted = driver(new ChipLink(chip), second);
        restarted.initialise(calibration);
        poll(restarted, Duration.ofHours(5), Duration.ofSeconds(30));

        long trueMwh = chip.importedMilliwattHours() - startMwh;
        assertThat((double) second.lifetimeMilliWattHours()).isCloseTo(trueMwh, within(perPulse.doubleValue()));
    }

    @Test
    void the24BitEnergyWrapIsCountedAsAContinuation() throws Exception {
        // HFConst 1 makes pulses small and fast: 11.5 kW wraps EnergyP in about 12 minutes
        SimulatedRn8209c chip = chip(new Load(230, 50, 11_500, 50));
        Calibration calibration = Calibration.of(8810, 36660, 9857, 1);
        EnergyAccumulator energy = EnergyAccumulator.inMemory(calibration.milliWattHoursPerPulse());
        Rn8209Driver driver = driver(new ChipLink(chip), energy);
        driver.initialise(calibration);
        long startMwh = chip.importedMilliwattHours();
        poll(driver, Duration.ofMinutes(20), Duration.ofSeconds(30));
        long trueMwh = chip.importedMilliwattHours() - startMwh;
        assertThat((double) energy.lifetimeMilliWattHours()).isCloseTo(trueMwh, within(trueMwh * 0.001));
        assertThat(energy.lifetimeMilliWattHours()).as("more than the 24-bit register holds").isGreaterThan((long) ((1L << 24) * calibration.milliWattHoursPerPulse().doubleValue()));
    }

    private void poll(Rn8209Driver driver, Duration total, Duration every) throws Exception {
        for (Duration t = Duration.ZERO; t.compareTo(total) < 0; t = t.plus(every)) {
            clock.advance(every);
            driver.read();
        }
    }
}
