package zmai.flasher.ops;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import zmai.core.meter.ChipFamily;
import zmai.flasher.ExitCode;
import zmai.flasher.FlasherException;
import zmai.flasher.protocol.Answer;
import zmai.flasher.protocol.ChipCrc;
import zmai.flasher.protocol.Command;
import zmai.flasher.protocol.FlashGeometry;
import zmai.flasher.protocol.FlashPart;
import zmai.flasher.protocol.KnownBootloader;
import zmai.flasher.protocol.ProtocolType;

/** Finds out which chip, bootloader and flash answer, the way the established tools do. */
public final class ChipIdentifier {

    private static final long CHIP_ID_REGISTER = 0x800000;
    private static final int SR_LOW = 0x05;

    private ChipIdentifier() {
    }

    /** @param forced the family the user insists on ({@code --chip}); it must not contradict the chip */
    public static ChipInfo identify(BootloaderSession session, Optional<ChipFamily> forced)
            throws IOException, FlasherException {
        long probe = session.call(KnownBootloader.PROBE).crc();
        Optional<KnownBootloader> known = KnownBootloader.fromProbeAnswer(probe);
        ProtocolType protocol = known.isPresent() ? known.get().protocol() : protocolOfUnknownBootloader(session, forced);
        OptionalLong chipId = OptionalLong.empty();
        Optional<Answer.FlashId> flashId = Optional.empty();
        Optional<FlashPart> part = Optional.empty();
        OptionalInt status = OptionalInt.empty();
        Optional<String> bootVersion = Optional.empty();
        if (protocol.hasRegisterAccess()) {
            chipId = OptionalLong.of(session.call(new Command.ReadRegister(CHIP_ID_REGISTER)).value());
            flashId = Optional.of(session.call(new Command.FlashGetMid()));
            part = FlashPart.byMid(flashId.get().mid());
            status = OptionalInt.of(readStatus(session, part));
        } else {
            String version = session.call(new Command.ReadBootVersion()).text();
            // a single 0x07 byte means the bootloader has no version string
            bootVersion = version.isEmpty() || version.equals("\u0007") ? Optional.empty() : Optional.of(version);
        }
        ChipFamily chip = family(known, protocol, chipId);
        if (forced.isPresent() && forced.get() != chip && (known.isPresent() || chipId.isPresent())) {
            throw new FlasherException(ExitCode.REFUSED, "--chip " + forced.get() + " was given, but the chip identifies as "
                    + chip + (chipId.isPresent() ? String.format(" (chip id 0x%X)", chipId.getAsLong()) : "")
                    + "; an image for the wrong family can brick it");
        }
        long size = flashId.map(Answer.FlashId::sizeBytes).filter(s -> s > 0).orElse((long) FlashGeometry.SIZE_2M);
        Optional<EfuseKey> key = chip == ChipFamily.BK7231N && chipId.isPresent()
                ? Optional.of(EfuseKey.read(session)) : Optional.empty();
        return new ChipInfo(forced.orElse(chip), protocol, probe, known, chipId, flashId, part, status, bootVersion, size, key);
    }

    /** Reads the one or two status-register bytes; an unknown part is read as two bytes. */
    static int readStatus(BootloaderSession session, Optional<FlashPart> part) throws IOException, FlasherException {
        int low = session.call(new Command.FlashReadStatus(SR_LOW)).value();
        if (part.isPresent() && part.get().statusBytes() == 1) {
            return low;
        }
        int highOpcode = part.map(FlashPart::highByteOpcode).orElse(0x35);
        return session.call(new Command.FlashReadStatus(highOpcode)).value() << 8 | low;
    }

    /**
     * Vendor bootloaders differ byte for byte. A full ROM reads CheckCRC's end as inclusive, the others as
     * exclusive: comparing one answer with the CRC of 257 and of 256 read bytes tells which.
     */
    private static ProtocolType protocolOfUnknownBootloader(BootloaderSession session, Optional<ChipFamily> forced)
            throws IOException, FlasherException {
        long start = FlashGeometry.BOOTLOADER_END;
        long answer = session.call(new Command.CheckCrc(start, start + 0x100)).crc();
        byte[] block = session.call(new Command.FlashRead4K(start)).data();
        if (answer == ChipCrc.of(block, 0, 0x101)) {
            return ProtocolType.FULL;
        }
        if (answer == ChipCrc.of(block, 0, 0x100)) {
            return forced.filter(f -> f == ChipFamily.BK7231T).isPresent() ? ProtocolType.BASIC_TUYA : ProtocolType.BASIC_BEKEN;
        }
        throw new FlasherException(ExitCode.CHIP_ERROR, "the bootloader's CRC answers match neither CRC convention;"
                + " the line may be unreliable — try a lower --baud");
    }

    private static ChipFamily family(Optional<KnownBootloader> known, ProtocolType protocol, OptionalLong chipId) {
        if (chipId.isPresent() && chipId.getAsLong() == ChipInfo.BK7231N_CHIP_ID) {
            return ChipFamily.BK7231N;
        }
        if (known.isPresent()) {
            return known.get().chip();
        }
        return protocol == ProtocolType.FULL ? ChipFamily.BK7231N : ChipFamily.BK7231T;
    }
}
