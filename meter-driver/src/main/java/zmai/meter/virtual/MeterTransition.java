package zmai.meter.virtual;

import java.net.URI;

/** Something a command asked of the meter that its transport must carry out: both begin by dropping MQTT. */
public sealed interface MeterTransition {

    /** {@code restart}: close TCP, boot, reconnect. */
    record Reboot() implements MeterTransition {
    }

    /** {@code ota_http}: close TCP, fetch the image, then {@link VirtualMeter#finishDownload}. */
    record Download(URI url) implements MeterTransition {
    }
}
