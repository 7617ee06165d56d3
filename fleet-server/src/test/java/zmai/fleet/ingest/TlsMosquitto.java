package zmai.fleet.ingest;

import zmai.fleet.MosquittoProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private Mosquitto on a free loopback port that speaks only TLS and wants a user name and password, with a
 * certificate authority made up for the occasion (openssl). Also makes a second, unrelated authority whose
 * certificate the broker's does not chain to.
 */
final class TlsMosquitto implements AutoCloseable {

    static final String USER = "fleet";
    static final String PASSWORD = "broker-password-5d1e";

    final Path dir;
    private final MosquittoProcess broker;

    private TlsMosquitto(Path dir, MosquittoProcess broker) {
        this.dir = dir;
        this.broker = broker;
    }

    static TlsMosquitto start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("mqtt-tls");
        // Mosquitto started as root reads its files as the user it switches to
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-days", "1", "-subj", "/CN=test broker CA");
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other.key",
                "-out", "other-ca.pem", "-days", "1", "-subj", "/CN=someone else's CA");
        run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=127.0.0.1");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        run(dir, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", "server.pem", "-days", "1", "-extfile", "san.ext");
        run(dir, "keytool", "-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "trust.p12",
                "-storetype", "PKCS12", "-storepass", "trust-pass");
        run(dir, "mosquitto_passwd", "-b", "-c", "passwords", USER, PASSWORD);
        for (String file : List.of("server.key", "server.pem", "passwords")) {
            Files.setPosixFilePermissions(dir.resolve(file), PosixFilePermissions.fromString("rw-r--r--"));
        }
        MosquittoProcess broker = MosquittoProcess.start("certfile " + dir.resolve("server.pem")
                + "\nkeyfile " + dir.resolve("server.key")
                + "\nallow_anonymous false\npassword_file " + dir.resolve("passwords"));
        return new TlsMosquitto(dir, broker);
    }

    String url() {
        return "ssl://127.0.0.1:" + broker.port();
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed with " + p.exitValue());
        }
    }

    /** Stops the broker and removes its keys and certificates. */
    @Override
    public void close() throws IOException {
        broker.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind harms no one
        }
    }
}
