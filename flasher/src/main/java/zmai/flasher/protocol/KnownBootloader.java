package zmai.flasher.protocol;

import java.util.Arrays;
import java.util.Optional;

import zmai.core.meter.ChipFamily;

/**
 * Bootloaders recognised by the chip's CRC of their first bytes: CheckCRC(0, 256), which covers 257 bytes
 * where the end is inclusive.
 */
public enum KnownBootloader {
    BK7231N_1_0_1(0xE14191BAL, "BK7231N 1.0.1", ChipFamily.BK7231N, ProtocolType.FULL),
    BK7231T_1_0_1(0xC1ECA871L, "BK7231T 1.0.1", ChipFamily.BK7231T, ProtocolType.BASIC_TUYA),
    BK7231T_1_0_3(0x4B31E44DL, "BK7231T 1.0.3", ChipFamily.BK7231T, ProtocolType.BASIC_TUYA),
    BK7231T_1_0_5(0xBA54C1B8L, "BK7231T 1.0.5", ChipFamily.BK7231T, ProtocolType.BASIC_TUYA),
    BK7231T_1_0_6(0xE5CBC953L, "BK7231T 1.0.6", ChipFamily.BK7231T, ProtocolType.BASIC_TUYA),
    BK7231U_1_0_6(0x2739019FL, "BK7231U 1.0.6", ChipFamily.BK7231U, ProtocolType.BASIC_BEKEN),
    BK7238_1_0_14(0x6BEB0924L, "BK7238 1.0.14", ChipFamily.BK7238, ProtocolType.FULL);

    /** The range whose CRC identifies a bootloader. */
    public static final Command.CheckCrc PROBE = new Command.CheckCrc(0, 256);

    private final long crc;
    private final String label;
    private final ChipFamily chip;
    private final ProtocolType protocol;

    KnownBootloader(long crc, String label, ChipFamily chip, ProtocolType protocol) {
        this.crc = crc;
        this.label = label;
        this.chip = chip;
        this.protocol = protocol;
    }

    /** The CRC as the tools list it: the chip's answer inverted back to ordinary CRC-32. */
    public long crc() {
        return crc;
    }

    public String label() {
        return label;
    }

    public ChipFamily chip() {
        return chip;
    }

    public ProtocolType protocol() {
        return protocol;
    }

    /** Looks up the chip's answer to {@link #PROBE}. */
    public static Optional<KnownBootloader> fromProbeAnswer(long chipCrc) {
        long crc32 = ~chipCrc & 0xFFFF_FFFFL;
        return Arrays.stream(values()).filter(b -> b.crc == crc32).findFirst();
    }
}
