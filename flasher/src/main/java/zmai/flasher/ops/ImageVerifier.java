package zmai.flasher.ops;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import zmai.flasher.FlasherException;
import zmai.flasher.protocol.ChipCrc;
import zmai.flasher.protocol.FlashGeometry;

/** Compares an image with the chip sector by sector, by CRC alone: nothing is written or read back. */
public final class ImageVerifier {

    /** @param mismatched flash addresses of the sectors that differ */
    public record Result(int sectors, List<Long> mismatched) {
        public boolean matches() {
            return mismatched.isEmpty();
        }
    }

    private ImageVerifier() {
    }

    public static Result verify(FlashAccess access, FirmwareImage image, ProgressListener progress)
            throws IOException, FlasherException {
        byte[] content = image.sectorAligned();
        List<Long> mismatched = new ArrayList<>();
        for (int at = 0; at < content.length; at += FlashGeometry.SECTOR) {
            long address = image.flashOffset() + at;
            if (access.crc(address, FlashGeometry.SECTOR) != ChipCrc.of(content, at, FlashGeometry.SECTOR)) {
                mismatched.add(address);
            }
            progress.advanced(FlashGeometry.SECTOR);
        }
        return new Result(content.length / FlashGeometry.SECTOR, List.copyOf(mismatched));
    }
}
