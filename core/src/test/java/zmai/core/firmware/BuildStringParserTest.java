package zmai.core.firmware;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import zmai.core.meter.ChipFamily;

import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class BuildStringParserTest {

    @Test
    void readsCurrentMqttBuildWithPaddedDay() {   // spec §1.4: C __DATE__ pads days < 10 with a space
        BuildInfo info = parsed("OpenBK7231N 1.18.288 Mar  1 2025 10:11:12");
        assertThat(info.product()).isEqualTo(FirmwareProduct.OPENBEKEN);
        assertThat(info.chip()).contains(ChipFamily.BK7231N);
        assertThat(info.version()).isEqualTo(FirmwareVersion.of(1, 18, 288));
        assertThat(info.builtAt()).contains(LocalDateTime.of(2025, 3, 1, 10, 11, 12));
        assertThat(info.text()).isEqualTo("OpenBK7231N 1.18.288 Mar  1 2025 10:11:12");
    }

    @Test
    void readsCurrentMqttBuildWithSingleSpace() {
        assertThat(parsed("OpenBK7231N 1.18.288 Mar 1 2025 10:11:12").builtAt())
                .contains(LocalDateTime.of(2025, 3, 1, 10, 11, 12));
        assertThat(parsed("OpenBK7231T 1.17.517 Nov 12 2024 23:59:59").chip()).contains(ChipFamily.BK7231T);
    }

    @Test
    void readsOldBuiltOnShape() {
        BuildInfo info = parsed("Built on Nov 12 2022 10:11:12 version 1.0.0");
        assertThat(info.product()).isEqualTo(FirmwareProduct.OPENBEKEN);
        assertThat(info.chip()).isEmpty();
        assertThat(info.version()).isEqualTo(FirmwareVersion.of(1, 0, 0));
        assertThat(info.builtAt()).contains(LocalDateTime.of(2022, 11, 12, 10, 11, 12));
    }

    @Test
    void readsDocsBuildOnSpelling() {
        assertThat(parsed("Build on Nov  2 2022 10:11:12 version 1.0.0").builtAt())
                .contains(LocalDateTime.of(2022, 11, 2, 10, 11, 12));
    }

    @Test
    void readsTasmotaStyleStatusFwrVersion() {
        BuildInfo info = parsed("OpenBK7231N_1.18.288");
        assertThat(info.chip()).contains(ChipFamily.BK7231N);
        assertThat(info.version()).isEqualTo(FirmwareVersion.of(1, 18, 288));
        assertThat(info.builtAt()).isEmpty();
    }

    @Test
    void keepsCustomSuffixInCurrentShape() {
        assertThat(parsed("OpenBK7231N 1.18.288_myboard Mar  1 2025 10:11:12").version())
                .isEqualTo(FirmwareVersion.parse("1.18.288_myboard"));
    }

    @Test
    void keepsCustomSuffixInTasmotaStyleShape() {
        BuildInfo info = parsed("OpenBK7231N_1.17.551_custom");
        assertThat(info.version().parts()).containsExactly(1, 17, 551);
        assertThat(info.version().suffix()).contains("_custom");
    }

    @Test
    void readsTasmotaInfo1Version() {
        BuildInfo info = parsed("9.0.0.2(sonoff)");
        assertThat(info.product()).isEqualTo(FirmwareProduct.TASMOTA);
        assertThat(info.chip()).isEmpty();
        assertThat(info.version().parts()).containsExactly(9, 0, 0, 2);
        assertThat(info.version().suffix()).contains("(sonoff)");
        assertThat(parsed("14.3.0(tasmota)").version()).isEqualTo(FirmwareVersion.parse("14.3.0(tasmota)"));
    }

    @Test
    void rejectsUnknownPlatform() {
        assertThat(reason("OpenFOO123 1.0.0 Mar  1 2025 10:11:12")).contains("unknown OpenBeken platform 'OpenFOO123'");
        assertThat(reason("OpenFOO123_1.0.0")).contains("unknown OpenBeken platform");
    }

    @Test
    void rejectsImpossibleDate() {
        assertThat(reason("OpenBK7231N 1.18.288 Feb 30 2025 10:11:12")).contains("impossible build date");
        assertThat(reason("Built on Nov 12 2022 25:11:12 version 1.0.0")).contains("impossible build date");
    }

    @Test
    void rejectsUnknownMonth() {
        assertThat(reason("OpenBK7231N 1.18.288 Foo  1 2025 10:11:12")).contains("unknown month 'Foo'");
    }

    @Test
    void rejectsBadVersionInKnownShape() {
        assertThat(reason("OpenBK7231N 1.x.288 Mar  1 2025 10:11:12")).contains("not a firmware version");
    }

    @Test
    void rejectsEmptyAndBlank() {
        assertThat(reason("")).isEqualTo("build string is empty");
        assertThat(reason("   ")).isEqualTo("build string is empty");
        assertThat(reason(null)).isEqualTo("build string is empty");
    }

    @Test
    void rejectsHugeString() {
        assertThat(reason("OpenBK7231N_" + "1".repeat(100_000))).contains("longer than 160 characters");
    }

    @Test
    void rejectsUnknownShapeWithoutGuessing() {
        assertThat(reason("1.18.288")).contains("not a known build string shape");
        assertThat(reason("OpenBK7231N 1.18.288")).contains("not a known build string shape");
    }

    @Property
    void neverThrowsOnArbitraryText(@ForAll String text) {
        BuildParseResult result = BuildStringParser.parse(text);
        if (result instanceof BuildParseResult.Unparseable unparseable) {
            assertThat(unparseable.reason()).isNotBlank();
        } else {
            assertThat(result).isInstanceOf(BuildParseResult.Parsed.class);
        }
    }

    private static BuildInfo parsed(String text) {
        BuildParseResult result = BuildInfo.parse(text);
        assertThat(result).isInstanceOf(BuildParseResult.Parsed.class);
        return ((BuildParseResult.Parsed) result).info();
    }

    private static String reason(String text) {
        BuildParseResult result = BuildStringParser.parse(text);
        assertThat(result).isInstanceOf(BuildParseResult.Unparseable.class);
        return ((BuildParseResult.Unparseable) result).reason();
    }
}
