package zmai.fleet.firmware;

import jakarta.ws.rs.WebApplicationException;
import zmai.core.Abbreviated;
import zmai.core.firmware.FirmwareVersion;
import zmai.core.meter.ChipFamily;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an OpenBeken release artefact's name says: {@code OpenBK7231N_1.18.300.rbl} is an OTA package,
 * {@code OpenBK7231N_QIO_1.18.300.bin} (bootloader and application) and {@code OpenBK7231N_UA_1.18.300.bin}
 * (application only) are serial images; both chip families have both. The name is the
 * only place the chip family is written (an RBL header has none), so it is required and checked.
 */
record FirmwareName(String filename, FirmwareKind kind, ChipFamily chip, FirmwareVersion version) {

    static final String EXPECTED = "OpenBK7231N_<version>.rbl, OpenBK7231T_<version>.rbl,"
            + " or Open<chip>_QIO_<version>.bin / Open<chip>_UA_<version>.bin";

    private static final Pattern SHAPE = Pattern.compile("Open([A-Za-z0-9]{2,16})_(?:(QIO|UA)_)?([^/\\\\\\s\"]{1,64})\\.(rbl|bin)");

    /** Parses a file name; throws {@link IllegalArgumentException} (400) or 422 for a family this fleet does not run. */
    static FirmwareName parse(String filename, Optional<ChipFamily> expectedChip) {
        if (filename == null || filename.isBlank()) {
            throw new IllegalArgumentException("the 'filename' query parameter is required, e.g. "
                    + "?filename=OpenBK7231N_1.18.300.rbl; it says the chip family and the version");
        }
        // the name is echoed in every refusal: shortened, control characters (allowed by the shape) made visible
        String shown = Abbreviated.of(filename);
        Matcher m = SHAPE.matcher(filename);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + shown + "' is not a firmware file name; expected " + EXPECTED);
        }
        ChipFamily chip = ChipFamily.fromName(m.group(1)).orElseThrow(() -> new IllegalArgumentException(
                "'" + m.group(1) + "' in '" + shown + "' is not a known chip family"));
        if (chip != ChipFamily.BK7231N && chip != ChipFamily.BK7231T) {
            throw unprocessable("'" + shown + "' is for " + chip + "; the ZMAi-90 fleet runs BK7231N and BK7231T only");
        }
        expectedChip.filter(expected -> expected != chip).ifPresent(expected -> {
            throw unprocessable("'" + shown + "' is for " + chip + ", not " + expected
                    + "; an image for another chip family does not boot");
        });
        String serial = m.group(2);
        boolean rbl = m.group(4).equals("rbl");
        if (rbl && serial != null) {
            throw new IllegalArgumentException("'" + shown + "': an OTA package is named Open<chip>_<version>.rbl,"
                    + " without " + serial);
        }
        if (!rbl && serial == null) {
            throw new IllegalArgumentException("'" + shown + "': a serial image is named Open<chip>_QIO_<version>.bin"
                    + " or Open<chip>_UA_<version>.bin");
        }
        FirmwareVersion version = FirmwareVersion.parse(m.group(3));
        return new FirmwareName(filename, rbl ? FirmwareKind.OTA : FirmwareKind.SERIAL, chip, version);
    }

    static WebApplicationException unprocessable(String message) {
        return new WebApplicationException(message, 422);
    }
}
