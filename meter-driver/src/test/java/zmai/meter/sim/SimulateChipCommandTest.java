package zmai.meter.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import picocli.CommandLine;
import zmai.meter.rn8209.Register;
import zmai.meter.rn8209.RegisterValue;

import static org.assertj.core.api.Assertions.assertThat;
import static zmai.meter.sim.SimulatedRn8209cTest.hex;

class SimulateChipCommandTest {

    @Test
    @Timeout(20)
    void servesTheChipUntilInterrupted() throws Exception {
        PipedInputStream printed = new PipedInputStream();
        CommandLine cli = new CommandLine(new SimulateChipCommand());
        cli.setOut(new PrintWriter(new PipedOutputStream(printed), true));
        cli.setErr(new PrintWriter(new StringWriter()));
        AtomicInteger exit = new AtomicInteger(-1);
        Thread running = new Thread(() -> exit.set(cli.execute("--listen", "127.0.0.1:0", "--voltage", "230",
                "--current", "0.26", "--power-factor", "0.99", "--frequency", "60", "--no-noise", "--seed", "3")));
        running.start();
        String line = new BufferedReader(new InputStreamReader(printed, StandardCharsets.US_ASCII)).readLine();
        Matcher matcher = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(line);
        assertThat(matcher.matches()).as(line).isTrue();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(matcher.group(1)))) {
            socket.getOutputStream().write(hex("7F 25"));
            assertThat(readFully(socket.getInputStream(), 7)).isEqualTo(hex("82 09 00 F5 1D 21 9C"));
            socket.getOutputStream().write(hex("24"));
            assertThat(RegisterValue.decode(Register.URMS, readFully(socket.getInputStream(), 4)).value())
                    .isEqualTo(230 * 8810);
        }
        running.interrupt();
        running.join(5000);
        assertThat(exit.get()).isZero();
    }

    @Test
    void refusesANonLoopbackAddress() {
        CommandLine cli = new CommandLine(new SimulateChipCommand());
        cli.setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute("--listen", "192.0.2.1:4000")).isEqualTo(2);
    }

    private static byte[] readFully(InputStream in, int count) throws IOException {
        byte[] bytes = in.readNBytes(count);
        assertThat(bytes).hasSize(count);
        return bytes;
    }
}
