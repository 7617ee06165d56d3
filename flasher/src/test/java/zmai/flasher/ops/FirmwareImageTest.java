package zmai.flasher.ops;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import zmai.core.meter.ChipFamily;
import zmai.flasher.ExitCode;
import zmai.flasher.FlasherException;
import zmai.flasher.protocol.FlashGeometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FirmwareImageTest {

    private static final byte[] APP = TestImages.application(32 * 1024, 1);

    @Test
    void crc16IsTheCmsVariant() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(Crc16Cms.of(check, 0, check.length)).isEqualTo(0xAEE7);
    }

    @Test
    void qioSkipsItsBootloaderAndGoesTo0x11000() throws FlasherException {
        FirmwareImage image = FirmwareImage.of("OpenBK7231N_QIO_1.18.288.bin", TestImages.qio(APP, 2), ChipFamily.BK7231N, false);
        assertThat(image.kind()).isEqualTo(FirmwareImage.Kind.QIO);
        assertThat(image.flashOffset()).isEqualTo(FlashGeometry.BOOTLOADER_END);
        assertThat(image.bytes()).isEqualTo(APP);
    }

    @Test
    void qioWithItsBootloaderOnlyWhenAskedAndOnlyOnN() throws FlasherException {
        byte[] qio = TestImages.qio(APP, 2);
        FirmwareImage whole = FirmwareImage.of("OpenBK7231N_QIO_1.18.288.bin", qio, ChipFamily.BK7231N, true);
        assertThat(whole.flashOffset()).isZero();
        assertThat(whole.bytes()).isEqualTo(qio);
        assertThatThrownBy(() -> FirmwareImage.of("OpenBK7231T_QIO_1.18.288.bin", qio, ChipFamily.BK7231T, true))
                .isInstanceOf(FlasherException.class).hasMessageContaining("ends UART flashing for good");
    }

    @Test
    void uaIsDetectedByContentWhateverItsName() throws FlasherException {
        // the GUI pitfall: a _UA_ file written from 0x0 lands on the bootloader
        FirmwareImage image = FirmwareImage.of("firmware.bin", APP, ChipFamily.BK7231N, false);
        assertThat(image.kind()).isEqualTo(FirmwareImage.Kind.UA);
        assertThat(image.flashOffset()).isEqualTo(FlashGeometry.BOOTLOADER_END);
        assertThat(FirmwareImage.of("firmware.bin", APP, ChipFamily.BK7231N, true).flashOffset())
                .isEqualTo(FlashGeometry.BOOTLOADER_END);
    }

    @Test
    void imageForTheOtherFamilyIsRefused() {
        assertThatThrownBy(() -> FirmwareImage.of("OpenBK7231T_UA_1.18.288.bin", APP, ChipFamily.BK7231N, false))
                .isInstanceOf(FlasherException.class).hasMessageContaining("built for BK7231T but the chip is BK7231N")
                .extracting(e -> ((FlasherException) e).exitCode()).isEqualTo(ExitCode.REFUSED);
    }

    @Test
    void damagedTruncatedAndForeignFilesAreRefused() {
        byte[] damaged = APP.clone();
        damaged[34 * 100 + 5] ^= 0x40;
        assertThatThrownBy(() -> FirmwareImage.of("OpenBK7231N_UA_x.bin", damaged, ChipFamily.BK7231N, false))
                .hasMessageContaining("damaged").hasMessageContaining("0xD48");
        byte[] truncated = Arrays.copyOf(APP, APP.length - 10);
        assertThatThrownBy(() -> FirmwareImage.of("OpenBK7231N_UA_x.bin", truncated, ChipFamily.BK7231N, false))
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> FirmwareImage.of("notes.txt", "hello world, this is not firmware at all".getBytes(),
                ChipFamily.BK7231N, false)).hasMessageContaining("not a BK7231 flash image");
        byte[] rbl = Arrays.copyOf("RBL\0".getBytes(StandardCharsets.US_ASCII), 200);
        assertThatThrownBy(() -> FirmwareImage.of("OpenBK7231N_1.18.288.rbl", rbl, ChipFamily.BK7231N, false))
                .hasMessageContaining("OTA package");
        assertThatThrownBy(() -> FirmwareImage.of("OpenBK7231N_QIO_x.bin", APP, ChipFamily.BK7231N, false))
                .hasMessageContaining("no bootloader");
    }

    @Test
    void anApplicationTooLargeForItsPartitionIsRefused() {
        byte[] huge = TestImages.application(0x119000 / 34 * 32 + 32 * 64, 3);
        assertThatThrownBy(() -> FirmwareImage.of("OpenBK7231N_UA_x.bin", huge, ChipFamily.BK7231N, false))
                .hasMessageContaining("past the end of the application partition at 0x12A000");
    }

    @Test
    void paddingAfterTheCodeIsAccepted() throws FlasherException {
        byte[] padded = Arrays.copyOf(APP, APP.length + 1000);
        Arrays.fill(padded, APP.length, padded.length, (byte) 0xFF);
        assertThat(FirmwareImage.of("a.bin", padded, ChipFamily.BK7231N, false).sectorAligned().length % 4096).isZero();
    }
}
