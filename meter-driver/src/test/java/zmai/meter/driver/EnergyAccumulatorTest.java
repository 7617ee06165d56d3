package zmai.meter.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnergyAccumulatorTest {

    private static final BigDecimal ONE_WH = BigDecimal.valueOf(1000);
    private static final int CHECKSUM = 0xD879;

    @TempDir
    Path dir;

    @Test
    void countsTheModularDifferenceAcrossThe24BitWrap() throws IOException {
        EnergyAccumulator energy = EnergyAccumulator.inMemory(ONE_WH);
        energy.restarted(CHECKSUM);
        energy.counted(0xFFFFF0, CHECKSUM);
        energy.counted(0x000005, CHECKSUM);
        assertThat(energy.lifetimeMilliWattHours()).isEqualTo((0xFFFFF0L + 0x15) * 1000);
    }

    @Test
    void firstReadWithoutHistoryOnlySetsTheBaseline() throws IOException {
        EnergyAccumulator energy = EnergyAccumulator.inMemory(ONE_WH);
        energy.counted(5000, CHECKSUM);
        energy.counted(5003, CHECKSUM);
        assertThat(energy.lifetimeMilliWattHours()).isEqualTo(3000);
    }

    @Test
    void carriesTheFractionOfAMilliWattHourSoNothingIsLostToRounding() throws IOException {
        EnergyAccumulator energy = EnergyAccumulator.inMemory(new BigDecimal("553.9999"));
        energy.restarted(CHECKSUM);
        for (int pulse = 1; pulse <= 10_000; pulse++) {
            energy.counted(pulse, CHECKSUM);
        }
        assertThat(energy.lifetimeMilliWattHours()).isEqualTo(5_539_999);
        assertThat(energy.state().carryMilliWattHours()).isEqualByComparingTo("0");
    }

    @Test
    void aRestartedProcessContinuesWithoutLossOrDoubleCount() throws IOException {
        Path file = dir.resolve("energy.json");
        EnergyAccumulator first = EnergyAccumulator.open(file, new BigDecimal("0.5"));
        first.restarted(CHECKSUM);
        first.counted(101, CHECKSUM);
        // process ends; the chip goes on counting
        EnergyAccumulator second = EnergyAccumulator.open(file, new BigDecimal("0.5"));
        assertThat(second.lifetimeMilliWattHours()).isEqualTo(50);
        assertThat(second.state().carryMilliWattHours()).isEqualByComparingTo("0.5");
        second.counted(101, CHECKSUM);   // re-read of the same value counts nothing
        second.counted(301, CHECKSUM);
        assertThat(second.lifetimeMilliWattHours()).isEqualTo(150);
        assertThat(second.state().carryMilliWattHours()).isEqualByComparingTo("0.5");
    }

    @Test
    void aChipResetBehindOurBackCountsFromZeroNotAsAWrap() throws IOException {
        Path file = dir.resolve("energy.json");
        EnergyAccumulator energy = EnergyAccumulator.open(file, ONE_WH);
        energy.restarted(CHECKSUM);
        energy.counted(500, CHECKSUM);
        EnergyAccumulator afterPowerCut = EnergyAccumulator.open(file, ONE_WH);
        afterPowerCut.counted(7, 0xEE79);   // reset defaults: other checksum, counter low again
        assertThat(afterPowerCut.lifetimeMilliWattHours()).isEqualTo(507_000);
        afterPowerCut.counted(9, 0xEE79);
        assertThat(afterPowerCut.lifetimeMilliWattHours()).isEqualTo(509_000);
    }

    @Test
    void theDriversOwnResetRestartsTheBaselineAtZero() throws IOException {
        EnergyAccumulator energy = EnergyAccumulator.inMemory(ONE_WH);
        energy.restarted(CHECKSUM);
        energy.counted(40, CHECKSUM);
        energy.restarted(CHECKSUM);
        energy.counted(2, CHECKSUM);
        assertThat(energy.lifetimeMilliWattHours()).isEqualTo(42_000);
    }

    @Test
    void tenthKilowattHourCounterIsFloored() throws IOException {
        EnergyAccumulator energy = EnergyAccumulator.inMemory(BigDecimal.valueOf(99_999));
        energy.restarted(CHECKSUM);
        energy.counted(1, CHECKSUM);
        assertThat(energy.tenthKilowattHours()).isZero();
        energy.counted(2, CHECKSUM);
        assertThat(energy.tenthKilowattHours()).isEqualTo(1);
    }

    @Test
    void stateFileIsReplacedWholeAndLeavesNoTempFiles() throws IOException {
        Path file = dir.resolve("state/energy.json");
        EnergyAccumulator energy = EnergyAccumulator.open(file, ONE_WH);
        energy.restarted(CHECKSUM);
        energy.counted(3, CHECKSUM);
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
        assertThat(Files.readString(file)).contains("\"lifetimeMilliWattHours\":3000");
    }
}
