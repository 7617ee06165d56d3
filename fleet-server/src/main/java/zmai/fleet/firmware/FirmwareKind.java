package zmai.fleet.firmware;

import java.util.Locale;

/** An OTA package ({@code .rbl}) a meter downloads, or a serial image the flasher writes. */
public enum FirmwareKind {
    OTA, SERIAL;

    /** As the API and the database spell it. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
