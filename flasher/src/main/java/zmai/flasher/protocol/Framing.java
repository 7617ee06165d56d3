package zmai.flasher.protocol;

/** The two frame forms of the Beken download protocol; each command uses one, and its answer the same. */
public enum Framing {
    /** {@code 01 E0 FC LEN CODE ...}: a one-byte length. */
    SHORT,
    /** {@code 01 E0 FC FF F4 LEN16 CODE ...}: a two-byte length; flash commands use it. */
    LONG
}
