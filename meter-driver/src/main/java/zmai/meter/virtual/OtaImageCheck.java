package zmai.meter.virtual;

import zmai.core.firmware.FirmwareVersion;
import zmai.core.firmware.RblHeader;
import zmai.core.meter.ChipFamily;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the Beken bootloader decides at the boot after an OTA: install the package, or keep the old application.
 * The firmware itself validates nothing while downloading (spec §2.2.4).
 */
final class OtaImageCheck {

    // release artefacts are named OpenBK7231N_<version>.rbl
    private static final Pattern PLATFORM_IN_NAME = Pattern.compile("Open([A-Za-z0-9]+)_[^/]*$");

    private OtaImageCheck() {
    }

    /** The version to boot into, or empty when the old application stays; {@code url} is where it came from. */
    static Optional<FirmwareVersion> installable(URI url, byte[] file, ChipFamily chip) {
        Matcher m = PLATFORM_IN_NAME.matcher(url.getPath() == null ? "" : url.getPath());
        if (m.find() && !m.group(1).equalsIgnoreCase(chip.name())) {
            // an image for another family does not boot here; the bootloader falls back to the old app
            return Optional.empty();
        }
        return installable(file, chip);
    }

    /**
     * The version to boot into for a package without a file name, as pushed to {@code /api/ota}: only the RBL
     * itself decides, as the package carries no platform name.
     */
    static Optional<FirmwareVersion> installable(byte[] file, ChipFamily chip) {
        if (!(RblHeader.check(file) instanceof RblHeader.RblCheck.Valid valid)) {
            return Optional.empty();
        }
        try {
            return Optional.of(FirmwareVersion.parse(valid.header().version()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
