package zmai.core.energy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MilliWattHoursTest {

    @ParameterizedTest
    @CsvSource({
            "2300, 0.1kWh, 230000000",       // ZMAi-90 style: 230.0 kWh
            "185123.456, Wh, 185123456",     // OpenBeken energycounter
            "230100.5, Wh, 230100500",
            "230100.500, Wh, 230100500",     // trailing zeros: the same value
            "123.456, kWh, 123456000",       // Tasmota ENERGY.Total
            "1.2E3, Wh, 1200000",            // JSON numbers may carry an exponent
            "+7, Wh, 7000",
            "0, 0.1kWh, 0",
    })
    void convertsExactly(String text, String unit, long expectedMwh) {
        assertThat(MilliWattHours.parse(text, CounterUnit.fromSymbol(unit).orElseThrow())).isEqualTo(expectedMwh);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "-1|negative",
            "NaN|not a decimal number",
            "Infinity|not a decimal number",
            "0x10|not a decimal number",
            "12,5|not a decimal number",
            "1e999|out of range",
            "99999999999999999999|too large",
            "1.0005|finer than 1 mWh",
            "''|missing",
            "1234567890123456789012345678901234567890123|too long",
    })
    void refusesWithAReason(String text, String reason) {
        assertThatThrownBy(() -> MilliWattHours.parse(text, CounterUnit.WH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @CsvSource({"0.1kWh, 100000", "0.001kWh, 1000", "0.001Wh, 1", "1 Wh, 1000"})
    void parsesQuanta(String text, long expectedMwh) {
        assertThat(MilliWattHours.parseQuantity(text)).isEqualTo(expectedMwh);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0kWh", "0.1", "kWh", "0.1MWh", "-1Wh", "0.0001Wh"})
    void refusesBadQuanta(String text) {
        assertThatThrownBy(() -> MilliWattHours.parseQuantity(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsWattHoursExactlyAndKilowattHoursToThreeDecimals() {
        assertThat(MilliWattHours.formatWattHours(123_456_789)).isEqualTo("123456.789");
        assertThat(MilliWattHours.formatWattHours(5)).isEqualTo("0.005");
        assertThat(MilliWattHours.formatKilowattHours(123_456_789)).isEqualTo("123.457");
        assertThat(MilliWattHours.formatKilowattHours(0)).isEqualTo("0.000");
    }

    @net.jqwik.api.Property(tries = 2000)
    void formatsWattHoursAsTheExactDecimal(@net.jqwik.api.ForAll long mwh) {
        assertThat(MilliWattHours.formatWattHours(mwh)).isEqualTo(java.math.BigDecimal.valueOf(mwh, 3).toPlainString());
    }

    @Test
    void formatsWattHoursAtTheEdges() {
        for (long mwh : new long[]{0, 1, 10, 100, 999, 1000, -1, -1000, -1001, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertThat(MilliWattHours.formatWattHours(mwh)).isEqualTo(java.math.BigDecimal.valueOf(mwh, 3).toPlainString());
        }
    }
}
