package zmai.flasher.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NumberConverterTest {

    private final NumberConverter converter = new NumberConverter();

    @ParameterizedTest
    @CsvSource({
            "69632,     69632",
            "0x11000,   69632",
            "0X11000,   69632",
            "0xff,      255",
            "0,         0",
            "4K,        4096",
            "4k,        4096",
            "68K,       69632",
            "2M,        2097152",
            "0x2M,      2097152",
            "' 0x1000 ', 4096"})
    void readsDecimalHexAndBinarySuffixes(String text, long expected) {
        assertThat(converter.convert(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "K", "0x", "0xK", "12G", "-1", "1.5M", "0x11000h", "ten", "1_000"})
    void refusesWhatIsNotANumber(String text) {
        assertThatThrownBy(() -> converter.convert(text))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("is not a number")
                .hasMessageContaining("0x11000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x7fffffffffffffffK", "99999999999999999999", "9223372036854775807M"})
    void refusesWhatOverflows(String text) {
        assertThatThrownBy(() -> converter.convert(text))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("too large");
    }
}
