package zmai.flasher.protocol;

/**
 * The dialects of the download protocol. A BK7231N's mask ROM speaks the full one; BK7231T flash
 * bootloaders a subset, and they read CheckCRC's end address differently.
 */
public enum ProtocolType {
    /** BK7231N mask ROM ("BootROM"), BK7238: registers, status register, MID; CRC end inclusive. */
    FULL(true),
    /** BK7231T (Tuya) flash bootloaders 1.0.1–1.0.6: no register or SR access; CRC end exclusive. */
    BASIC_TUYA(false),
    /** BK7231Q/U, BK7252: like BASIC_TUYA. */
    BASIC_BEKEN(false);

    private final boolean crcEndInclusive;

    ProtocolType(boolean crcEndInclusive) {
        this.crcEndInclusive = crcEndInclusive;
    }

    public boolean crcEndInclusive() {
        return crcEndInclusive;
    }

    /** Only the mask ROM offers ReadReg/WriteReg and the flash status-register commands. */
    public boolean hasRegisterAccess() {
        return this == FULL;
    }

    /** CheckCRC over {@code length} bytes from {@code start}, with the end this dialect expects. */
    public Command.CheckCrc checkCrc(long start, long length) {
        if (length <= 0) {
            throw new IllegalArgumentException("a CRC range must not be empty");
        }
        return new Command.CheckCrc(start, crcEndInclusive ? start + length - 1 : start + length);
    }
}
