package zmai.fleet.firmware;

import java.time.Instant;

/** An image's metadata as the API shows it; {@code rbl} is null for serial images. */
public record FirmwareView(String id, String filename, String kind, String chip, String version, long size,
                           String sha256, Instant uploadedAt, String uploadedBy, Rbl rbl) {

    /** The RBL header fields; CRC and hash in hex as tools print them. */
    public record Rbl(int encryption, int compression, long timestamp, String payloadCrc, String rawHash,
                      long rawSize, long packageSize) {
    }

    static FirmwareView of(Firmware f) {
        Rbl rbl = f.rblPackageSize == null ? null : new Rbl(f.rblEncryption, f.rblCompression, f.rblTimestamp,
                String.format("%08x", f.rblPayloadCrc), String.format("%08x", f.rblRawHash), f.rblRawSize,
                f.rblPackageSize);
        return new FirmwareView(f.id, f.filename, f.kind, f.chip, f.version, f.size, f.sha256, f.uploadedAt,
                f.uploadedBy, rbl);
    }
}
