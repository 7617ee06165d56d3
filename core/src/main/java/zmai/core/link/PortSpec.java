package zmai.core.link;

import java.util.Locale;

/** Where the chip's UART is: a serial device, or a raw TCP serial bridge such as ser2net or the chip simulator. */
public sealed interface PortSpec permits PortSpec.Device, PortSpec.Tcp {

    /** A serial device as the operating system names it: /dev/ttyUSB0, /dev/pts/3, COM3. */
    record Device(String path) implements PortSpec {
        public Device {
            if (path == null || path.isBlank()) {
                throw new IllegalArgumentException("no port given: name a serial device such as /dev/ttyUSB0, or tcp://HOST:PORT");
            }
        }

        @Override
        public String toString() {
            return path;
        }
    }

    /** A raw TCP bridge; an IPv6 host is kept without its brackets. */
    record Tcp(String host, int port) implements PortSpec {
        public Tcp {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("tcp:// needs a host, e.g. tcp://127.0.0.1:7000");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("TCP port " + port + " is outside 1..65535");
            }
        }

        @Override
        public String toString() {
            return "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * {@code tcp://HOST:PORT} (IPv6 as {@code tcp://[::1]:PORT}) is a TCP bridge; anything without a scheme is a
     * serial device path.
     *
     * @throws IllegalArgumentException with a message for the user
     */
    static PortSpec parse(String text) {
        if (text == null || text.isBlank()) {
            return new Device(text);   // throws with the explanation
        }
        String trimmed = text.strip();
        int scheme = trimmed.indexOf("://");
        if (scheme < 0) {
            return new Device(trimmed);
        }
        if (!trimmed.substring(0, scheme).toLowerCase(Locale.ROOT).equals("tcp")) {
            throw new IllegalArgumentException("unsupported port '" + trimmed
                    + "': use tcp://HOST:PORT or a serial device path such as /dev/ttyUSB0");
        }
        return parseTcp(trimmed, trimmed.substring(scheme + 3));
    }

    private static Tcp parseTcp(String text, String authority) {
        String host;
        String port;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0 || close + 1 >= authority.length() || authority.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("'" + text + "' is not tcp://[IPv6]:PORT, e.g. tcp://[::1]:7000");
            }
            host = authority.substring(1, close);
            port = authority.substring(close + 2);
        } else {
            int colon = authority.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("'" + text + "' has no port: use tcp://HOST:PORT, e.g. tcp://127.0.0.1:7000");
            }
            host = authority.substring(0, colon);
            port = authority.substring(colon + 1);
            if (host.contains(":")) {
                throw new IllegalArgumentException("'" + text + "': put an IPv6 address in brackets, e.g. tcp://[::1]:7000");
            }
        }
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + text + "': the TCP port must be a number in 1..65535, not '" + port + "'");
        }
        return new Tcp(host, Integer.parseInt(port));
    }
}
