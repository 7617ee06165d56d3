package zmai.core.firmware;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An OTA file comes from outside: a bad one is refused with a reason, never crashes the check or sizes memory. */
class RblHeaderFuzzTest {

    private static final byte[] FIRMWARE = "a small firmware image".getBytes();

    @Property(tries = 2000)
    void arbitraryBytesAreRefusedWithAReason(@ForAll @Size(max = 300) byte[] bytes) {
        assertRefusedOrValid(bytes);
    }

    @Property(tries = 1000)
    void truncatedFilesAreRefused(@ForAll @IntRange(min = 0, max = 95) int length) {
        byte[] cut = Arrays.copyOf(validFile(), length);
        assertThat(rejection(cut)).startsWith("RBL header truncated: " + length);
    }

    @Property(tries = 2000)
    void anyMutatedByteIsNoticed(@ForAll("offsets") int offset, @ForAll @IntRange(min = 1, max = 255) int flip) {
        byte[] file = validFile();
        file[offset] ^= (byte) flip;
        // every header byte is under the header CRC or is the CRC; every payload byte is under the payload CRC
        assertThat(rejection(file)).containsAnyOf("magic", "header CRC mismatch", "payload CRC mismatch");
    }

    @Property(tries = 1000)
    void anyDeclaredPackageSizeIsComparedNotAllocated(@ForAll("u32") long packageSize) {
        byte[] file = withPackageSize(validFile(), packageSize);
        RblHeader.RblCheck check = RblHeader.check(file);
        if (packageSize == FIRMWARE.length) {
            assertThat(check).isInstanceOf(RblHeader.RblCheck.Valid.class);
        } else {
            assertThat(rejection(file)).isEqualTo("file is " + file.length + " bytes, header says 96 + " + packageSize);
        }
    }

    @Property(tries = 500)
    void acceptedHeadersRoundTrip(@ForAll @Size(max = 2000) byte[] firmware,
                                  @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int timestamp) {
        RblHeader header = RblHeader.forPlainApplication("1.18.288", firmware, timestamp);
        byte[] file = RblHeader.buildFile(header, firmware);
        assertThat(RblHeader.check(file)).isEqualTo(new RblHeader.RblCheck.Valid(header));
        assertThat(RblHeader.parse(header.encode())).isEqualTo(header);
    }

    @Example
    void twoGigabyteDeclaredSizeIsRefusedAtOnce() {
        byte[] file = withPackageSize(validFile(), 0x8000_0000L);
        assertThat(rejection(file)).contains("header says 96 + 2147483648");
        assertThat(rejection(withPackageSize(validFile(), 0xFFFF_FFFFL))).contains("96 + 4294967295");
    }

    @Example
    void nonAsciiNameIsRefusedAsTheFieldItIs() {
        byte[] file = validFile();
        file[12] = (byte) 0xC3;   // first byte of the name
        byte[] header = resealed(file);
        assertThatThrownBy(() -> RblHeader.parse(header)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RBL name must be ASCII");
        assertThat(rejection(header)).contains("RBL name must be ASCII");
    }

    @Example
    void nullIsAnArgumentError() {
        assertThatThrownBy(() -> RblHeader.parse(null)).isInstanceOf(NullPointerException.class).hasMessage("bytes");
    }

    private static void assertRefusedOrValid(byte[] bytes) {
        RblHeader.RblCheck check = RblHeader.check(bytes);
        if (check instanceof RblHeader.RblCheck.Rejected rejected) {
            assertThat(rejected.reason()).isNotBlank();
        }
    }

    private static String rejection(byte[] file) {
        RblHeader.RblCheck check = RblHeader.check(file);
        assertThat(check).isInstanceOf(RblHeader.RblCheck.Rejected.class);
        return ((RblHeader.RblCheck.Rejected) check).reason();
    }

    private static byte[] validFile() {
        return RblHeader.buildFile(RblHeader.forPlainApplication("1.18.288", FIRMWARE, 1_700_000_000L), FIRMWARE);
    }

    // a header whose fields were changed and whose header CRC was recomputed, as a forger would
    private static byte[] withPackageSize(byte[] file, long packageSize) {
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(88, (int) packageSize);
        return resealed(file);
    }

    private static byte[] resealed(byte[] file) {
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(92, (int) RblHeader.crc32(file, 0, 92));
        return file;
    }

    @Provide
    Arbitrary<Integer> offsets() {
        return Arbitraries.integers().between(0, RblHeader.LENGTH + FIRMWARE.length - 1);
    }

    @Provide
    Arbitrary<Long> u32() {
        return Arbitraries.longs().between(0, 0xFFFF_FFFFL).edgeCases(c -> c.add(0x8000_0000L));
    }
}
