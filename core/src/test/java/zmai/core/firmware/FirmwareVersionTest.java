package zmai.core.firmware;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FirmwareVersionTest {

    @Test
    void parsesPlainVersion() {
        FirmwareVersion v = FirmwareVersion.parse("1.18.288");
        assertThat(v.parts()).containsExactly(1, 18, 288);
        assertThat(v.suffix()).isEmpty();
        assertThat(v).hasToString("1.18.288");
    }

    @Test
    void keepsCustomSuffixWithItsSeparator() {
        assertThat(FirmwareVersion.parse("1.18.288_zmai").suffix()).contains("_zmai");
        assertThat(FirmwareVersion.parse("1.17.551-beta").suffix()).contains("-beta");
        assertThat(FirmwareVersion.parse("9.0.0.2(sonoff)")).hasToString("9.0.0.2(sonoff)");
    }

    @Test
    void comparesNumericallyNotAsText() {
        assertThat(FirmwareVersion.parse("1.18.288")).isGreaterThan(FirmwareVersion.parse("1.18.29"));
        assertThat(FirmwareVersion.parse("1.9")).isLessThan(FirmwareVersion.parse("1.10"));
    }

    @Test
    void missingTrailingPartsCountAsZero() {
        assertThat(FirmwareVersion.parse("1.18").sameNumberAs(FirmwareVersion.parse("1.18.0"))).isTrue();
        assertThat(FirmwareVersion.parse("1.18")).isLessThan(FirmwareVersion.parse("1.18.1"));
        // not equal, so not compareTo == 0 either: the shorter spelling sorts first
        assertThat(FirmwareVersion.parse("1.18")).isLessThan(FirmwareVersion.parse("1.18.0"));
    }

    @Test
    void suffixOnlyBreaksTies() {
        assertThat(FirmwareVersion.parse("1.18.288")).isLessThan(FirmwareVersion.parse("1.18.288_zmai"));
        assertThat(FirmwareVersion.parse("1.18.288_zmai")).isLessThan(FirmwareVersion.parse("1.18.289"));
    }

    @Test
    void rejectsEmptyText() {
        assertThatIllegalArgumentException().isThrownBy(() -> FirmwareVersion.parse(""))
                .withMessage("firmware version is empty");
    }

    @Test
    void rejectsNonNumericParts() {
        assertThatIllegalArgumentException().isThrownBy(() -> FirmwareVersion.parse("1.x.3"))
                .withMessageContaining("not a firmware version");
    }

    @Test
    void rejectsHugeText() {
        assertThatIllegalArgumentException().isThrownBy(() -> FirmwareVersion.parse("1".repeat(10_000)))
                .withMessageContaining("longer than 64");
    }

    @Test
    void rejectsPartsThatOverflow() {
        assertThatIllegalArgumentException().isThrownBy(() -> FirmwareVersion.parse("1.9999999999.0"));
    }

    @Property
    void parseThrowsOnlyIllegalArgument(@ForAll String text) {
        try {
            FirmwareVersion.parse(text);
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property
    void orderIsConsistentWithEquals(@ForAll("versions") FirmwareVersion a, @ForAll("versions") FirmwareVersion b) {
        assertThat(a.compareTo(b) == 0).isEqualTo(a.equals(b));
        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
    }

    @Property
    void orderIsTransitive(@ForAll("versions") FirmwareVersion a, @ForAll("versions") FirmwareVersion b,
                           @ForAll("versions") FirmwareVersion c) {
        if (a.compareTo(b) <= 0 && b.compareTo(c) <= 0) {
            assertThat(a.compareTo(c)).isLessThanOrEqualTo(0);
        }
    }

    @Property
    void printedVersionParsesBack(@ForAll("versions") FirmwareVersion v) {
        assertThat(FirmwareVersion.parse(v.toString())).isEqualTo(v);
    }

    @Provide
    Arbitrary<FirmwareVersion> versions() {
        // small numbers and few suffixes so that ties and zero padding actually occur
        Arbitrary<List<Integer>> parts = Arbitraries.integers().between(0, 3).list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<Optional<String>> suffix = Arbitraries.of("_zmai", "-beta", "(tasmota)", "_a").optional(0.3);
        return Combinators.combine(parts, suffix).as(FirmwareVersion::new);
    }
}
