package zmai.flasher.ops;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import zmai.core.meter.ChipFamily;
import zmai.flasher.protocol.Answer;
import zmai.flasher.protocol.FlashPart;
import zmai.flasher.protocol.KnownBootloader;
import zmai.flasher.protocol.ProtocolType;
import zmai.flasher.protocol.WriteProtection;

/**
 * What identification found out about the chip on the other end.
 *
 * @param probeCrc       the ROM's CRC of its first bytes, which names known bootloaders
 * @param chipId         SCTRL_CHIP_ID (0x7231C on a BK7231N), on chips whose ROM answers ReadReg
 * @param statusRegister the flash status register, on chips whose ROM gives access to it
 * @param bootVersion    the bootloader's own version string (BK7231T)
 * @param efuseKey       the flash-encryption key of a BK7231N
 */
public record ChipInfo(ChipFamily chip, ProtocolType protocol, long probeCrc, Optional<KnownBootloader> bootloader,
                       OptionalLong chipId, Optional<Answer.FlashId> flashId, Optional<FlashPart> flashPart,
                       OptionalInt statusRegister, Optional<String> bootVersion, long flashSize,
                       Optional<EfuseKey> efuseKey) {

    /** SCTRL_CHIP_ID of a BK7231N (and BK7231M). */
    public static final long BK7231N_CHIP_ID = 0x7231C;

    public WriteProtection protection() {
        return statusRegister.isPresent() ? WriteProtection.of(statusRegister.getAsInt(), flashSize) : WriteProtection.NONE;
    }

    public String midText() {
        return flashId.map(id -> String.format("%06X", id.mid())).orElse("unknown");
    }
}
