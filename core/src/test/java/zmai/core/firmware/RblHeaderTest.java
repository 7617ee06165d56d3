package zmai.core.firmware;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RblHeaderTest {

    private static final byte[] PAYLOAD = "123456789".getBytes(StandardCharsets.US_ASCII);

    // Hand-built header for payload "123456789": CRC-32("123456789") = cbf43926 (the zlib check value),
    // FNV-1a-32("123456789") = bb86b11c; header CRC computed by zlib over bytes 0..91.
    private static final byte[] GOLDEN = HexFormat.of().parseHex(""
            + "52424c00"                                             // magic "RBL\0"
            + "00" + "00" + "0000"                                   // encryption none, compression none, zero
            + "00e1f505"                                             // timestamp 100000000 LE
            + "61707000000000000000000000000000"                     // name "app", NUL-padded to 16
            + "312e31382e32383800000000000000000000000000000000"     // version "1.18.288", padded to 24
            + "000000000000000000000000000000000000000000000000"     // serial empty
            + "2639f4cb"                                             // payload CRC-32 cbf43926 LE
            + "1cb186bb"                                             // FNV-1a bb86b11c LE
            + "09000000"                                             // raw size 9
            + "09000000"                                             // package size 9
            + "00000000");                                           // header CRC, patched below

    private static byte[] golden() {
        byte[] bytes = GOLDEN.clone();
        long crc = RblHeader.crc32(bytes, 0, 92);
        for (int i = 0; i < 4; i++) {
            bytes[92 + i] = (byte) (crc >>> 8 * i);
        }
        return bytes;
    }

    @Test
    void knownChecksums() {
        assertThat(RblHeader.crc32(PAYLOAD, 0, PAYLOAD.length)).isEqualTo(0xCBF43926L);
        assertThat(RblHeader.fnv1a32(PAYLOAD)).isEqualTo(0xBB86B11CL);
    }

    @Test
    void parsesGoldenHeader() {
        RblHeader header = RblHeader.parse(golden());
        assertThat(header.name()).isEqualTo("app");
        assertThat(header.version()).isEqualTo("1.18.288");
        assertThat(header.serial()).isEmpty();
        assertThat(header.timestamp()).isEqualTo(100_000_000L);
        assertThat(header.payloadCrc()).isEqualTo(0xCBF43926L);
        assertThat(header.rawHash()).isEqualTo(0xBB86B11CL);
        assertThat(header.rawSize()).isEqualTo(9);
        assertThat(header.packageSize()).isEqualTo(9);
    }

    @Test
    void buildEncodesTheGoldenBytes() {
        assertThat(RblHeader.forPlainApplication("1.18.288", PAYLOAD, 100_000_000L).encode()).isEqualTo(golden());
    }

    @Test
    void checkAcceptsAWholeFile() {
        byte[] file = RblHeader.buildFile(RblHeader.parse(golden()), PAYLOAD);
        assertThat(RblHeader.check(file)).isInstanceOf(RblHeader.RblCheck.Valid.class);
    }

    @Test
    void truncatedHeaderIsRefused() {
        assertThatThrownBy(() -> RblHeader.parse(Arrays.copyOf(golden(), 95)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated: 95 of 96");
    }

    @Test
    void wrongMagicIsRefused() {
        byte[] bytes = golden();
        bytes[2] = 'X';
        assertThatThrownBy(() -> RblHeader.parse(bytes)).hasMessageContaining("magic");
    }

    @Test
    void flippedHeaderBitIsRefused() {
        byte[] bytes = golden();
        bytes[30] ^= 1;
        assertThatThrownBy(() -> RblHeader.parse(bytes)).hasMessageContaining("header CRC mismatch");
    }

    @Test
    void corruptPayloadIsRejected() {
        byte[] file = RblHeader.buildFile(RblHeader.parse(golden()), PAYLOAD);
        file[100] ^= 0x40;
        assertThat(RblHeader.check(file)).isInstanceOfSatisfying(RblHeader.RblCheck.Rejected.class,
                r -> assertThat(r.reason()).contains("payload CRC mismatch"));
    }

    @Test
    void truncatedFileIsRejected() {
        byte[] file = RblHeader.buildFile(RblHeader.parse(golden()), PAYLOAD);
        assertThat(RblHeader.check(Arrays.copyOf(file, file.length - 1)))
                .isInstanceOfSatisfying(RblHeader.RblCheck.Rejected.class,
                        r -> assertThat(r.reason()).contains("104 bytes, header says 96 + 9"));
    }

    @Test
    void bootloaderPackageIsNotAnApplication() {
        RblHeader boot = new RblHeader(0, 0, 0, "bootloader", "1.0.1-emu", "", RblHeader.crc32(PAYLOAD, 0, 9),
                RblHeader.fnv1a32(PAYLOAD), 9, 9);
        assertThat(RblHeader.check(RblHeader.buildFile(boot, PAYLOAD)))
                .isInstanceOfSatisfying(RblHeader.RblCheck.Rejected.class,
                        r -> assertThat(r.reason()).contains("not the application"));
    }

    @Test
    void garbageIsRejectedNotThrown() {
        assertThat(RblHeader.check(new byte[3])).isInstanceOf(RblHeader.RblCheck.Rejected.class);
    }

    @Test
    void versionLongerThanItsFieldIsRefused() {
        assertThatThrownBy(() -> RblHeader.forPlainApplication("1".repeat(25), PAYLOAD, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
