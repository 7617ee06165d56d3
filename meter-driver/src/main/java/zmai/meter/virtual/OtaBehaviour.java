package zmai.meter.virtual;

import java.util.Objects;

/**
 * How a meter fetches an OTA image over the wire.
 *
 * @param downloadBytesPerSecond how fast the meter reads the image; 0 = as fast as the network allows
 * @param fault                  what goes wrong, if anything
 */
public record OtaBehaviour(long downloadBytesPerSecond, OtaFault fault) {

    /** Unlimited rate, no fault. */
    public static final OtaBehaviour DEFAULT = new OtaBehaviour(0, OtaFault.NONE);

    public OtaBehaviour {
        if (downloadBytesPerSecond < 0) {
            throw new IllegalArgumentException("downloadBytesPerSecond cannot be negative: " + downloadBytesPerSecond);
        }
        Objects.requireNonNull(fault, "fault");
    }

    public OtaBehaviour withFault(OtaFault newFault) {
        return new OtaBehaviour(downloadBytesPerSecond, newFault);
    }

    public OtaBehaviour withDownloadBytesPerSecond(long bytesPerSecond) {
        return new OtaBehaviour(bytesPerSecond, fault);
    }
}
