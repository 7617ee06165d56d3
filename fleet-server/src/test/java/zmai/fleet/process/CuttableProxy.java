package zmai.fleet.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback between a client and a server, which can cut the line: every open connection is reset
 * and new ones are closed at once until the line is restored, as when a switch or a Wi-Fi link goes down. Written
 * here because a fault-injecting proxy is some sixty lines and the usual ones are separate programs.
 */
final class CuttableProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final String upstreamHost;
    private final int upstreamPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean cut;

    CuttableProxy(String upstreamHost, int upstreamPort) throws IOException {
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon("proxy-accept", this::accept);
    }

    String url() {
        return "tcp://127.0.0.1:" + listener.getLocalPort();
    }

    /** Resets every connection and refuses new ones until {@link #restore()}. */
    void cut() {
        cut = true;
        for (Socket s : open) {
            reset(s);
        }
    }

    void restore() {
        cut = false;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (cut) {
                    reset(client);
                    continue;
                }
                Socket server = new Socket(upstreamHost, upstreamPort);
                open.add(client);
                open.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                // the listener closed, or the upstream refused this one connection: the client sees it closed
            }
        }
    }

    private void pump(Socket from, Socket to) {
        daemon("proxy-pump", () -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // either side went away
            } finally {
                reset(from);
                reset(to);
            }
        });
    }

    private static void daemon(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }

    // SO_LINGER 0: an RST, like a link that is gone, not a polite FIN
    private void reset(Socket s) {
        open.remove(s);
        try {
            s.setSoLinger(true, 0);
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : open) {
            reset(s);
        }
    }
}
