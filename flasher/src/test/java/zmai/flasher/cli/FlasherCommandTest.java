package zmai.flasher.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import zmai.flasher.ExitCode;
import zmai.flasher.FlasherException;
import zmai.core.link.PortSpec;
import zmai.core.link.ResetPulse;

import static org.assertj.core.api.Assertions.assertThat;

class FlasherCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void aFlasherExceptionExitsWithItsCodeAndOnlyItsMessage() {
        int code = execute("fail", "--code", "VERIFY_MISMATCH");

        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).isEqualTo("flasher: sector 0x11000 differs; write it again" + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void everyExitCodeReachesTheShell() {
        for (ExitCode exit : ExitCode.values()) {
            if (exit != ExitCode.OK) {
                assertThat(execute("fail", "--code", exit.name())).isEqualTo(exit.code());
            }
        }
    }

    @Test
    void anyOtherExceptionIsAnInternalErrorWithoutAStackTrace() {
        int code = execute("fail", "--bug");

        assertThat(code).isEqualTo(ExitCode.INTERNAL.code());
        assertThat(err.toString())
                .startsWith("flasher: internal error, please report it: java.lang.IllegalStateException: a bug")
                .doesNotContain("\tat ");
    }

    @Test
    void helpWarnsAboutTheMeteringChipAndNamesTheSimulator() {
        int code = execute("--help");

        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("RN8209C metering chip shares TX1/RX1", "Disconnect it")
                .contains("--port tcp://127.0.0.1:PORT")
                .contains("Exit codes:")
                .containsPattern("4\\s+no link: the chip did not answer")
                .contains("fail");
    }

    @Test
    void subcommandsListTheExitCodesToo() {
        execute("fail", "--help");
        assertThat(out.toString()).contains("Exit codes:").containsPattern("6\\s+refused");
    }

    @Test
    void theVersionIsDevOutsideTheJar() {
        assertThat(execute("--version")).isZero();
        assertThat(out.toString()).isEqualTo("flasher dev" + System.lineSeparator());
    }

    @Test
    void noCommandIsBadUsage() {
        assertThat(execute()).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).contains("Missing a command").contains("Usage: flasher");
    }

    @Test
    void theMixinParsesPortOptionsWithDefaults() {
        Connect connect = new Connect();
        assertThat(execute(connect, "connect", "--port", "tcp://127.0.0.1:7000")).isZero();

        assertThat(connect.port.port()).isEqualTo(new PortSpec.Tcp("127.0.0.1", 7000));
        assertThat(connect.port.baud()).isEqualTo(921_600);
        assertThat(connect.port.reset()).isEqualTo(ResetPulse.NONE);
        assertThat(connect.port.linkTimeout()).hasSeconds(30);
    }

    @Test
    void theMixinTakesEveryOption() {
        Connect connect = new Connect();
        int code = execute(connect, "connect", "--port", "/dev/ttyUSB1", "--baud", "1500000", "--reset", "rts_to_cen",
                "--link-timeout", "2.5");

        assertThat(code).as("stderr: %s", err).isZero();
        assertThat(connect.port.port()).isEqualTo(new PortSpec.Device("/dev/ttyUSB1"));
        assertThat(connect.port.baud()).isEqualTo(1_500_000);
        assertThat(connect.port.reset()).isEqualTo(ResetPulse.RTS_TO_CEN);
        assertThat(connect.port.linkTimeout()).hasMillis(2500);
    }

    @Test
    void badPortOptionsAreBadUsageWithAReason() {
        assertThat(execute(new Connect(), "connect", "--port", "tcp://127.0.0.1:99999")).as("stderr: %s", err).isEqualTo(2);
        assertThat(err.toString()).contains("outside 1..65535");

        assertThat(execute(new Connect(), "connect", "--port", "/dev/ttyUSB0", "--baud", "fast")).isEqualTo(2);
        assertThat(err.toString()).contains("is not a baud rate");

        assertThat(execute(new Connect(), "connect", "--port", "/dev/ttyUSB0", "--link-timeout", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("is not a timeout");

        assertThat(execute(new Connect(), "connect")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--port=PORT'");
    }

    @Test
    void runExecutesWithTheRealSubcommands() {
        assertThat(FlasherCommand.run("--version")).isZero();
    }

    private int execute(String... args) {
        return execute(new Fail(), args);
    }

    private int execute(Object subcommand, String... args) {
        CommandLine commandLine = FlasherCommand.commandLine(subcommand);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        return commandLine.execute(args);
    }

    @Command(name = "fail", mixinStandardHelpOptions = true, description = "fails on purpose")
    static final class Fail implements Callable<Integer> {
        @Option(names = "--code")
        ExitCode code = ExitCode.VERIFY_MISMATCH;

        @Option(names = "--bug")
        boolean bug;

        @Override
        public Integer call() throws FlasherException {
            if (bug) {
                throw new IllegalStateException("a bug");
            }
            throw new FlasherException(code, "sector 0x11000 differs; write it again");
        }
    }

    @Command(name = "connect")
    static final class Connect implements Callable<Integer> {
        @Mixin
        PortOptions port;

        @Override
        public Integer call() {
            return 0;
        }
    }
}
