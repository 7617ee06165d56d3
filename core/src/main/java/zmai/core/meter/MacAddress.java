package zmai.core.meter;

import zmai.core.Abbreviated;

import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A meter's identity: its Wi-Fi MAC, always held as {@code aa:bb:cc:dd:ee:ff}.
 * Topics and names of a meter get changed by users; the MAC does not.
 */
public record MacAddress(String value) {

    private static final Pattern NORMAL = Pattern.compile("(?:[0-9a-f]{2}:){5}[0-9a-f]{2}");
    private static final Pattern SEPARATED = Pattern.compile("(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}");
    private static final Pattern BARE = Pattern.compile("[0-9A-Fa-f]{12}");

    public MacAddress {
        if (value == null || !NORMAL.matcher(value).matches()) {
            throw new IllegalArgumentException("not a normalised MAC address (aa:bb:cc:dd:ee:ff): " + value);
        }
    }

    /** Accepts {@code AA:BB:CC:DD:EE:FF}, {@code aa-bb-cc-dd-ee-ff} and {@code aabbccddeeff}. */
    public static MacAddress parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("MAC address is missing");
        }
        String trimmed = text.strip();
        String hex;
        if (SEPARATED.matcher(trimmed).matches()) {
            hex = trimmed.replace(":", "").replace("-", "");
        } else if (BARE.matcher(trimmed).matches()) {
            hex = trimmed;
        } else {
            throw new IllegalArgumentException("not a MAC address: '" + Abbreviated.of(trimmed) + "'");
        }
        return fromBytes(HexFormat.of().parseHex(hex));
    }

    public static MacAddress fromBytes(byte[] bytes) {
        if (bytes.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, not " + bytes.length);
        }
        return new MacAddress(HexFormat.ofDelimiter(":").formatHex(bytes));
    }

    public byte[] toBytes() {
        return HexFormat.ofDelimiter(":").parseHex(value);
    }

    /** The last four bytes in upper-case hex, as OpenBeken uses them in its default names. */
    public String lastFourBytesUpperHex() {
        return value.substring(6).replace(":", "").toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return value;
    }
}
