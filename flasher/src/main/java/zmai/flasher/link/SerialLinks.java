package zmai.flasher.link;

import java.io.IOException;

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
}
