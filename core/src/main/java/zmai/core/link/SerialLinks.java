package zmai.core.link;

import java.io.IOException;

import zmai.core.meter.SerialFraming;

/** Opens the link a {@link PortSpec} names. */
public final class SerialLinks {

    private SerialLinks() {
    }

    /** @throws PortUnavailableException when the device will not open or the bridge refuses the connection */
    public static SerialLink open(PortSpec port, int baud) throws IOException {
        if (port instanceof PortSpec.Tcp tcp) {
            return TcpLink.connect(tcp, baud);
        }
        return JSerialCommLink.open(((PortSpec.Device) port).path(), baud);
    }

    /** With the framing a device needs, e.g. 4800 8E1 for an RN8209C; a TCP bridge owns its own framing. */
    public static SerialLink open(PortSpec port, SerialFraming framing) throws IOException {
        if (port instanceof PortSpec.Tcp tcp) {
            return TcpLink.connect(tcp, framing.baud());
        }
        return JSerialCommLink.open(((PortSpec.Device) port).path(), framing);
    }
}
