package zmai.core.energy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChannelRegisterTest {

    @ParameterizedTest
    @CsvSource({
            "12345, 10, kWh, 1234500000",      // 1234.5 kWh
            "12345, 100, kWh, 123450000",      // TuyaMCU EnergyTotal_kWh_div100: 123.45 kWh
            "2300, 1, 0.1kWh, 230000000",      // ZMAi-90 style 0.1 kWh count: 230 kWh
            "7763950, 1000, kWh, 7763950000",  // Tuya add_ele, scale 3
            "500, 1, Wh, 500000",
            "123.45, 1, kWh, 123450000",       // flag 33: the device divided already
    })
    void rawValuesBecomeExactMilliWattHours(String raw, long divider, String unit, long mwh) {
        ChannelRegister register = new ChannelRegister(3, divider, CounterUnit.fromSymbol(unit).orElseThrow());
        assertThat(register.toMilliWattHours(new BigDecimal(raw))).isEqualTo(mwh);
    }

    @Test
    void oneRawStepIsTheQuantum() {
        assertThat(new ChannelRegister(1, 10, CounterUnit.KWH).quantumMwh()).isEqualTo(100_000);
        assertThat(new ChannelRegister(1, 1, CounterUnit.TENTH_KWH).quantumMwh()).isEqualTo(100_000);
        assertThat(new ChannelRegister(1, 1000, CounterUnit.WH).quantumMwh()).isEqualTo(1);
    }

    @Test
    void aDividerThatWouldNeedRoundingIsRefused() {
        assertThatThrownBy(() -> new ChannelRegister(3, 3, CounterUnit.KWH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("divides one kWh");
        assertThatThrownBy(() -> new ChannelRegister(3, 10_000, CounterUnit.WH))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChannelRegister(3, 0, CounterUnit.WH))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChannelRegister(10_000, 1, CounterUnit.WH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..9999");
    }

    @Test
    void aRawValueFinerThanOneMilliWattHourOrNegativeIsRefused() {
        ChannelRegister register = new ChannelRegister(3, 1000, CounterUnit.WH);
        assertThatThrownBy(() -> register.toMilliWattHours(new BigDecimal("1.5")))
                .hasMessageContaining("finer than 1 mWh");
        assertThatThrownBy(() -> register.toMilliWattHours(new BigDecimal("-1"))).hasMessageContaining("negative");
    }

    @Test
    void describesItselfAsAPersonConfiguredIt() {
        assertThat(new ChannelRegister(3, 10, CounterUnit.KWH).describe()).isEqualTo("channel 3 / 10 in kWh");
        assertThat(new ChannelRegister(2, 1, CounterUnit.TENTH_KWH).describe()).isEqualTo("channel 2 in 0.1kWh");
    }
}
