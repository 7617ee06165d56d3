package zmai.core.firmware;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import zmai.core.meter.ChipFamily;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Build strings arrive in MQTT messages and HTTP answers from devices: whatever a device (or something pretending
 * to be one) sends, the parser answers with what it read or a short, printable reason, quickly.
 */
class BuildStringParserFuzzTest {

    private static final List<String> VALID = List.of(
            "OpenBK7231N 1.18.288 Mar  1 2025 10:11:12",
            "OpenBK7231T 1.17.517_custom Nov 12 2024 23:59:59",
            "Built on Nov 12 2022 10:11:12 version 1.0.0",
            "Build on Nov  2 2022 10:11:12 version 1.0.0",
            "OpenBK7231N_1.18.288",
            "OpenLN882H_1.17.551_custom",
            "14.3.0(tasmota)",
            "9.0.0.2(sonoff)");

    private static final String[] MONTHS =
            {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    @Property(tries = 3000)
    void anyTextIsReadOrRefusedWithAPrintableReason(@ForAll("hostileText") String text) {
        assertReadOrRefused(text);
    }

    @Property(tries = 3000)
    void corruptedBuildStringsAreReadOrRefused(@ForAll("corrupted") String text) {
        assertReadOrRefused(text);
    }

    @Property(tries = 1000)
    void generatedBuildStringsAreReadExactly(@ForAll("chips") ChipFamily chip, @ForAll("versions") FirmwareVersion version,
                                             @ForAll("buildTimes") LocalDateTime builtAt) {
        String day = builtAt.getDayOfMonth() < 10 ? " " + builtAt.getDayOfMonth() : "" + builtAt.getDayOfMonth();
        String text = chip.openBekenPlatform() + " " + version + " " + MONTHS[builtAt.getMonthValue() - 1] + " " + day
                + " " + builtAt.getYear() + " " + String.format("%02d:%02d:%02d",
                builtAt.getHour(), builtAt.getMinute(), builtAt.getSecond());
        BuildInfo info = BuildInfo.parse(text).parsedInfo().orElseThrow(() -> new AssertionError(text));
        assertThat(info).isEqualTo(new BuildInfo(FirmwareProduct.OPENBEKEN, Optional.of(chip), version,
                Optional.of(builtAt), text));

        String tasmotaStyle = chip.openBekenPlatform() + "_" + version;
        assertThat(BuildInfo.parse(tasmotaStyle).parsedInfo()).contains(new BuildInfo(FirmwareProduct.OPENBEKEN,
                Optional.of(chip), version, Optional.empty(), tasmotaStyle));
    }

    @Property(tries = 1000)
    void versionPartsBeyondNineDigitsAreRefused(@ForAll @IntRange(min = 10, max = 60) int digits,
                                                @ForAll @IntRange(min = 0, max = 2) int position) {
        String[] parts = {"1", "18", "288"};
        parts[position] = "9".repeat(digits);
        String version = String.join(".", parts);
        // in every shape: no NumberFormatException, no overflow into a negative or truncated part
        assertThat(reason("OpenBK7231N_" + version)).startsWith(version.length() <= FirmwareVersion.MAX_LENGTH
                ? "not a firmware version" : "not a known build string shape");
        assertThat(reason("OpenBK7231N " + version + " Mar  1 2025 10:11:12")).isNotBlank();
        assertThat(reason("Built on Nov 12 2022 10:11:12 version " + version)).isNotBlank();
        assertThat(reason(version + "(tasmota)")).contains("not a known build string shape");
    }

    @Property(tries = 500)
    void manyDotsAreRefused(@ForAll @IntRange(min = FirmwareVersion.MAX_PARTS + 1, max = 100_000) int parts) {
        String version = IntStream.range(0, parts).mapToObj(i -> "1").collect(Collectors.joining("."));
        // a version too long for the shape fails the shape; one that fits fails as a version; beyond 160 the length
        assertThat(reason("OpenBK7231N_" + version))
                .containsAnyOf("not a firmware version", "not a known build string shape", "longer than 160");
        assertThat(reason("OpenBK7231N_1" + ".".repeat(parts)))
                .containsAnyOf("not a firmware version", "not a known build string shape", "longer than 160");
    }

    @Example
    void hugeNumberInTheMiddleOfAVersionIsRefused() {
        assertThat(reason("OpenBK7231N_1.99999999999999999999.3")).startsWith("not a firmware version");
        assertThat(reason("OpenBK7231N 1.99999999999999999999.3 Mar  1 2025 10:11:12")).startsWith("not a firmware version");
        assertThat(reason("1.99999999999999999999.3(tasmota)")).startsWith("not a known build string shape");
        assertThat(reason("OpenBK7231N 1.18.288 Mar  1 99999 10:11:12")).startsWith("not a known build string shape");
        // nine digits fit an int and are read as they are
        assertThat(BuildInfo.parse("OpenBK7231N_1.999999999.3").parsedInfo().map(BuildInfo::version))
                .contains(FirmwareVersion.of(1, 999_999_999, 3));
    }

    @Example
    void oneMebibyteStringsAreRefusedAtOnce() {
        String[] heads = {"OpenBK7231N_", "OpenBK7231N 1.18.288 Mar  1 2025 10:11:12", "1.", "\u0000", "é", "\uD83D\uDE00"};
        for (String head : heads) {
            String text = head + "1.".repeat(512 * 1024);
            long start = System.nanoTime();
            String reason = reason(text);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(reason).contains("longer than 160 characters").hasSizeLessThan(300);
        }
    }

    @Example
    void controlCharactersNeverReachTheReason() {
        String text = "OpenBK7231N_1.18.288\u0000\u001b[2J\r\nFAKE LOG LINE";
        assertThat(reason(text)).doesNotContain("\u0000", "\u001b", "\r", "\n");
        assertThat(reason("OpenBK\u00007231N_1.0")).doesNotContain("\u0000");
    }

    @Example
    void nonAsciiDigitsAreNotDigits() {
        // Arabic-Indic and full-width digits would parse with Character.digit but are no device's version
        assertThat(reason("OpenBK7231N_\u0661.\u0661\u0668.\u0662\u0668\u0668")).startsWith("not a firmware version");
        assertThat(reason("\uFF11\uFF14.3.0(tasmota)")).startsWith("not a known build string shape");
        assertThat(reason("OpenBK7231N 1.18.288 Mar  \u0661 2025 10:11:12")).startsWith("not a known build string shape");
    }

    @Example
    void worstCaseBacktrackingStaysFast() {
        // strings at the length limit built to make the shapes try every split
        List<String> nasty = List.of(
                "Open" + "A".repeat(20) + " " + "1".repeat(64) + " " + "Mar  1 2025 10:11:1".repeat(4),
                "Built on " + "Mar  1 2025 10:11:12 ".repeat(7),
                "1." + "1.".repeat(78) + "(",
                "OpenBK7231N " + "x ".repeat(74));
        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            for (String text : nasty) {
                assertThat(BuildStringParser.parse(text.substring(0, Math.min(text.length(), 160))))
                        .isInstanceOf(BuildParseResult.Unparseable.class);
            }
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    private static void assertReadOrRefused(String text) {
        BuildParseResult result = BuildStringParser.parse(text);
        if (result instanceof BuildParseResult.Parsed parsed) {
            assertThat(parsed.info().text()).isEqualTo(text);
            // leading zeros are read as numbers ("9.00.2" is 9.0.2), so compare what was read, not the spelling
            FirmwareVersion version = parsed.info().version();
            assertThat(FirmwareVersion.parse(version.toString())).isEqualTo(version);
        } else {
            assertThat(((BuildParseResult.Unparseable) result).reason())
                    .isNotBlank()
                    .hasSizeLessThan(400)
                    .doesNotContainPattern("\\p{Cntrl}");
        }
    }

    private static String reason(String text) {
        BuildParseResult result = BuildStringParser.parse(text);
        assertThat(result).as(text.length() > 100 ? text.substring(0, 100) : text)
                .isInstanceOf(BuildParseResult.Unparseable.class);
        return ((BuildParseResult.Unparseable) result).reason();
    }

    @Provide
    Arbitrary<String> hostileText() {
        Arbitrary<String> anyChars = Arbitraries.strings().all().ofMaxLength(400);
        Arbitrary<String> controls = Arbitraries.strings().withCharRange('\u0000', '\u001f').withChars('\u007f')
                .ofMaxLength(200);
        Arbitrary<String> buildAlphabet = Arbitraries.strings().withChars("OpenBK7231N_ .:()-~+0123456789MarNovBuilt\t")
                .ofMaxLength(170);
        Arbitrary<String> nonAscii = Arbitraries.strings().withCharRange('\u0080', '\uFFFF').ofMaxLength(200);
        return Arbitraries.oneOf(anyChars, controls, buildAlphabet, nonAscii);
    }

    @Provide
    Arbitrary<String> corrupted() {
        Arbitrary<String> valid = Arbitraries.of(VALID);
        Arbitrary<Character> replacement = Arbitraries.oneOf(Arbitraries.chars().all(),
                Arbitraries.chars().with(" .:_()0123456789"));
        return Combinators.combine(valid, Arbitraries.integers().between(0, 60), replacement,
                Arbitraries.integers().between(0, 2)).as((text, at, c, edit) -> {
                    int i = Math.min(at, text.length() - 1);
                    return switch (edit) {
                        case 0 -> text.substring(0, i) + c + text.substring(i + 1);        // overwrite
                        case 1 -> text.substring(0, i) + c + text.substring(i);            // insert
                        default -> text.substring(0, i) + text.substring(i + 1);           // drop
                    };
                });
    }

    @Provide
    Arbitrary<ChipFamily> chips() {
        return Arbitraries.of(ChipFamily.class);
    }

    @Provide
    Arbitrary<FirmwareVersion> versions() {
        Arbitrary<List<Integer>> parts = Arbitraries.integers().between(0, 999_999_999).list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<Optional<String>> suffix = Arbitraries.strings().withChars("abcXYZ019._+~-").ofMinLength(1)
                .ofMaxLength(10).map(s -> "_" + s).optional();
        return Combinators.combine(parts, suffix).as(FirmwareVersion::new);
    }

    @Provide
    Arbitrary<LocalDateTime> buildTimes() {
        return Arbitraries.integers().between(0, 40 * 365 * 24 * 3600)
                .map(s -> LocalDateTime.of(2000, 1, 1, 0, 0).plusSeconds(s));
    }
}
