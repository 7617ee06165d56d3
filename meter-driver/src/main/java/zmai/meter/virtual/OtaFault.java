package zmai.meter.virtual;

/** How a meter's OTA goes wrong, as reported from the field (spec §2.2, §2.4). */
public enum OtaFault {
    /** Downloads and installs what the bootloader accepts (OBK:hal_ota_bk7231.c). */
    NONE,
    /** {@code ota_http} accepted, nothing fetched, no reboot: "command accepted, never fetched" (DAN:DOCS.md 1.1.2). */
    SWALLOWS_COMMAND,
    /** Drops MQTT, the GET never reaches the server, reboots into the old build after 1 s (OBK#712). */
    UNREACHABLE_SERVER,
    /** Reads about half of the image, then the connection breaks; reboots into the old build (OBK#1261, OBK#2157). */
    ABORTS_DOWNLOAD,
    /** Downloads the whole image, yet the bootloader keeps the old application (OBK#2176, BK7238). */
    BOOTLOADER_KEEPS_OLD
}
