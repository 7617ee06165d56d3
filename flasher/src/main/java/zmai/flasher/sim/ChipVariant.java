package zmai.flasher.sim;

import zmai.flasher.protocol.KnownBootloader;
import zmai.flasher.protocol.ProtocolType;

/** The chips the simulator plays: which protocol dialect answers, and which bootloader it carries. */
public enum ChipVariant {
    /** Mask ROM speaking the full protocol; CheckCRC end inclusive. */
    BK7231N(ProtocolType.FULL, KnownBootloader.BK7231N_1_0_1, ""),
    /** Tuya flash bootloader 1.0.5: no register or SR access; CheckCRC end exclusive. */
    BK7231T(ProtocolType.BASIC_TUYA, KnownBootloader.BK7231T_1_0_5, "BK7231S_1.0.5");

    private final ProtocolType protocol;
    private final KnownBootloader bootloader;
    private final String bootVersion;

    ChipVariant(ProtocolType protocol, KnownBootloader bootloader, String bootVersion) {
        this.protocol = protocol;
        this.bootloader = bootloader;
        this.bootVersion = bootVersion;
    }

    public ProtocolType protocol() {
        return protocol;
    }

    /** The bootloader whose probe CRC the synthetic bootloader region reproduces. */
    public KnownBootloader bootloader() {
        return bootloader;
    }

    /** What ReadBootVersion answers; empty where the command does not exist. */
    public String bootVersion() {
        return bootVersion;
    }

    /** Bytes covered by the identification probe CheckCRC(0, 256): 257 where the end is inclusive. */
    int probeLength() {
        return protocol.crcEndInclusive() ? 257 : 256;
    }
}
