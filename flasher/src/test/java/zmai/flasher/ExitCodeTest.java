package zmai.flasher;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExitCodeTest {

    @Test
    void codesAreTheDocumentedNumbers() {
        assertThat(Arrays.stream(ExitCode.values()).mapToInt(ExitCode::code)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(ExitCode.NO_LINK.code()).isEqualTo(4);
        assertThat(ExitCode.CHIP_ERROR.code()).isEqualTo(7);
    }

    @Test
    void aFlasherExceptionCarriesItsCodeAndMessage() {
        FlasherException e = new FlasherException(ExitCode.REFUSED, "0x0 holds the bootloader; start at 0x11000");
        assertThat(e.exitCode()).isEqualTo(ExitCode.REFUSED);
        assertThat(e).hasMessage("0x0 holds the bootloader; start at 0x11000");
    }

    @Test
    void aFailureCannotExitWithOk() {
        assertThatThrownBy(() -> new FlasherException(ExitCode.OK, "fine"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
