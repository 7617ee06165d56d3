package zmai.meter.virtual;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

/**
 * Hands Paho its socket and keeps a handle on it. OpenBeken closes TCP without an MQTT DISCONNECT before a reboot
 * or an OTA, so the broker fires the will; Paho's {@code disconnectForcibly} would still send DISCONNECT (which
 * discards the will), so we close the socket underneath the client instead.
 */
final class DroppableSocketFactory extends SocketFactory {

    private volatile Socket current;

    /** Closes the TCP connection as a lost link; Paho then reports connectionLost. */
    void dropTcp() {
        Socket s = current;
        if (s != null) {
            try {
                s.setSoLinger(true, 0); // RST: no lingering FIN handshake, like a chip that just reboots
                s.close();
            } catch (IOException e) {
                // already closed: nothing left to drop
            }
        }
    }

    @Override
    public Socket createSocket() {
        Socket s = new Socket();
        current = s;
        return s;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return track(new Socket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return track(new Socket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return track(new Socket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return track(new Socket(address, port, localAddress, localPort));
    }

    private Socket track(Socket s) {
        current = s;
        return s;
    }
}
