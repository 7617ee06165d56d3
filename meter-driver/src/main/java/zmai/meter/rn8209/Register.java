package zmai.meter.rn8209;

import java.util.Arrays;
import java.util.Optional;

/**
 * The RN8209C register map as data: address, width in bytes, signedness, access and reset value.
 * Widths are fixed per register; the chip answers a read with exactly that many bytes, MSB first.
 */
public enum Register {
    // calibration and control block 0x00-0x17: write-protected, covered by the calibration checksum
    SYSCON(0x00, 2, false, Access.CALIBRATION, 0x0003),
    EMUCON(0x01, 2, false, Access.CALIBRATION, 0x0003),
    HFCONST(0x02, 2, false, Access.CALIBRATION, 0x1000),
    PSTART(0x03, 2, false, Access.CALIBRATION, 0x0060),
    DSTART(0x04, 2, false, Access.CALIBRATION, 0x0120),
    GPQA(0x05, 2, true, Access.CALIBRATION, 0),
    GPQB(0x06, 2, true, Access.CALIBRATION, 0),
    PHSA(0x07, 1, true, Access.CALIBRATION, 0),
    PHSB(0x08, 1, true, Access.CALIBRATION, 0),
    QPHSCAL(0x09, 2, true, Access.CALIBRATION, 0),
    APOSA(0x0A, 2, true, Access.CALIBRATION, 0),
    APOSB(0x0B, 2, true, Access.CALIBRATION, 0),
    RPOSA(0x0C, 2, true, Access.CALIBRATION, 0),
    RPOSB(0x0D, 2, true, Access.CALIBRATION, 0),
    IARMSOS(0x0E, 2, true, Access.CALIBRATION, 0),
    IBRMSOS(0x0F, 2, true, Access.CALIBRATION, 0),
    IBGAIN(0x10, 2, true, Access.CALIBRATION, 0),
    D2FPL(0x11, 2, false, Access.CALIBRATION, 0),
    D2FPH(0x12, 2, true, Access.CALIBRATION, 0),
    DCIAH(0x13, 2, false, Access.CALIBRATION, 0),
    DCIBH(0x14, 2, false, Access.CALIBRATION, 0),
    DCUH(0x15, 2, false, Access.CALIBRATION, 0),
    DCL(0x16, 2, false, Access.CALIBRATION, 0),
    EMUCON2(0x17, 2, false, Access.CALIBRATION, 0x0000),
    // measurements
    PFCNT(0x20, 2, false, Access.READ_WRITE, 0),
    DFCNT(0x21, 2, false, Access.READ_WRITE, 0),
    IARMS(0x22, 3, false, Access.READ_ONLY, 0),
    IBRMS(0x23, 3, false, Access.READ_ONLY, 0),
    URMS(0x24, 3, false, Access.READ_ONLY, 0),
    UFREQ(0x25, 2, false, Access.READ_ONLY, 0),
    POWERPA(0x26, 4, true, Access.READ_ONLY, 0),
    POWERPB(0x27, 4, true, Access.READ_ONLY, 0),
    POWERQ(0x28, 4, true, Access.READ_ONLY, 0),
    /** Active energy pulses; accumulating unless EMUCON.EnergyCLR is set, then cleared by each read. */
    ENERGYP(0x29, 3, false, Access.READ_ONLY, 0),
    /** Active energy pulses, cleared by every read. */
    ENERGYP2(0x2A, 3, false, Access.READ_ONLY, 0),
    ENERGYD(0x2B, 3, false, Access.READ_ONLY, 0),
    ENERGYD2(0x2C, 3, false, Access.READ_ONLY, 0),
    /** [15:0] calibration checksum, [16] checksum busy, [17] active power reversed. */
    EMUSTATUS(0x2D, 3, false, Access.READ_ONLY, 0),
    SPL_IA(0x30, 3, false, Access.READ_ONLY, 0),
    SPL_IB(0x31, 3, false, Access.READ_ONLY, 0),
    SPL_U(0x32, 3, false, Access.READ_ONLY, 0),
    // interrupts, system, identification
    IE(0x40, 1, false, Access.READ_WRITE, 0),
    IF(0x41, 1, false, Access.READ_ONLY, 0),
    RIF(0x42, 1, false, Access.READ_ONLY, 0),
    /** Bit 4 is set while registers 0x00-0x17 are write-enabled. */
    SYSSTATUS(0x43, 1, false, Access.READ_ONLY, 0),
    RDATA(0x44, 4, false, Access.READ_ONLY, 0),
    WDATA(0x45, 2, false, Access.READ_ONLY, 0),
    DEVICEID(0x7F, 3, false, Access.READ_ONLY, 0x820900);

    /** Who may write a register. */
    public enum Access {
        /** Writable only between the write-enable and write-protect commands. */
        CALIBRATION,
        READ_WRITE,
        READ_ONLY
    }

    /** What an RN8209C (and RN8209D) answers at {@link #DEVICEID}. */
    public static final long RN8209C_DEVICE_ID = 0x820900;

    private final int address;
    private final int width;
    private final boolean signed;
    private final Access access;
    private final long resetValue;

    Register(int address, int width, boolean signed, Access access, long resetValue) {
        this.address = address;
        this.width = width;
        this.signed = signed;
        this.access = access;
        this.resetValue = resetValue;
    }

    public int address() {
        return address;
    }

    /** Bytes on the wire. */
    public int width() {
        return width;
    }

    public boolean signed() {
        return signed;
    }

    public Access access() {
        return access;
    }

    public long resetValue() {
        return resetValue;
    }

    public boolean writable() {
        return access != Access.READ_ONLY;
    }

    /** The largest raw value that fits the register's width. */
    public long mask() {
        return (1L << 8 * width) - 1;
    }

    /** The raw bits as a number: sign-extended for signed registers. */
    public long interpret(long raw) {
        if (!signed || (raw & 1L << 8 * width - 1) == 0) {
            return raw;
        }
        return raw - (1L << 8 * width);
    }

    public static Optional<Register> at(int address) {
        return Arrays.stream(values()).filter(r -> r.address == address).findFirst();
    }
}
