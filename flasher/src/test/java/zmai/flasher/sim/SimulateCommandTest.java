package zmai.flasher.sim;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;
import zmai.flasher.protocol.Command;

import static org.assertj.core.api.Assertions.assertThat;

class SimulateCommandTest {

    @TempDir
    Path dir;

    @Test
    void printsTheBoundAddressAndServesUntilStopped() throws Exception {
        SimulateCommand simulate = new SimulateCommand();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(simulate);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        Path flash = dir.resolve("cli.bin");
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(
                "--flash", flash.toString(), "--chip", "BK7231N", "--mid", "0x15701C", "--sr", "0x1C", "--window-ms", "2000"));
        Matcher listening = awaitListening(out);
        assertThat(listening.group(1)).isEqualTo("127.0.0.1");
        try (SimClient client = new SimClient(Integer.parseInt(listening.group(2)))) {
            client.link();
            client.send(new Command.FlashGetMid());
            assertThat(new Command.FlashGetMid().decodeAnswer(client.frame(Duration.ofSeconds(2))).mid()).isEqualTo(0x15701C);
            client.send(new Command.FlashReadStatus(0x05));
            assertThat(client.frame(Duration.ofSeconds(2)).payload()[2]).isEqualTo((byte) 0x1C);
        }
        simulate.stop();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(flash).exists().hasSize(2 * 1024 * 1024);
    }

    @Test
    void faultDirectionSelectsTheSide() {
        SimulateCommand simulate = new SimulateCommand();
        new CommandLine(simulate).parseArgs("--flash", "x.bin", "--drop-rate", "0.01", "--corrupt-rate", "0.02",
                "--fault-direction", "to-chip", "--rn8209c-noise", "--seed", "9");
        Faults faults = simulate.faults();
        assertThat(faults.toChip()).isEqualTo(new LineFaults(0.01, 0.02));
        assertThat(faults.fromChip()).isEqualTo(LineFaults.NONE);
        assertThat(faults.rn8209cNoise()).isTrue();
        assertThat(faults.seed()).isEqualTo(9);
    }

    @Test
    void rejectsABadListenAddress() {
        int code = new CommandLine(new SimulateCommand()).setErr(new PrintWriter(new StringWriter()))
                .execute("--flash", "x.bin", "--listen", "nowhere");
        assertThat(code).isEqualTo(2);
    }

    private static Matcher awaitListening(StringWriter out) throws InterruptedException {
        Pattern pattern = Pattern.compile("listening on ([0-9.]+):(\\d+)");
        for (int i = 0; i < 100; i++) {
            Matcher matcher = pattern.matcher(out.toString());
            if (matcher.find()) {
                return matcher;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no 'listening on' line in: " + out);
    }
}
