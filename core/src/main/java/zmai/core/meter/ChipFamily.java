package zmai.core.meter;

import java.util.Arrays;
import java.util.Optional;

/**
 * Wi-Fi SoC families, named as OpenBeken names its platforms ({@code Open<name>} in build strings).
 * An image for one family can brick another, so the family is part of every firmware decision.
 */
public enum ChipFamily {
    BK7231T, BK7231N, BK7231M, BK7231U, BK7238, BK7252, BK7252N,
    BL602, W600, W800, XR809, XR872, LN882H, TR6260, RTL87X0C, RTL8710B, RTL8720D, ECR6600, ESP32, ESP8266;

    /** Case-insensitive lookup of a platform name such as {@code BK7231N}. */
    public static Optional<ChipFamily> fromName(String name) {
        return Arrays.stream(values()).filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
    }

    /** OpenBeken's release artefacts and build strings use this prefix, e.g. {@code OpenBK7231N}. */
    public String openBekenPlatform() {
        return "Open" + name();
    }
}
