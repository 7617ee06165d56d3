package zmai.core.meter;

/** Settings of a UART link, printed the usual way ({@code 4800 8E1}). */
public record SerialFraming(int baud, int dataBits, Parity parity, int stopBits) {

    public enum Parity { NONE, EVEN, ODD }

    public SerialFraming {
        if (baud <= 0 || dataBits < 5 || dataBits > 8 || stopBits < 1 || stopBits > 2 || parity == null) {
            throw new IllegalArgumentException("impossible UART settings");
        }
    }

    @Override
    public String toString() {
        return baud + " " + dataBits + parity.name().charAt(0) + stopBits;
    }
}
