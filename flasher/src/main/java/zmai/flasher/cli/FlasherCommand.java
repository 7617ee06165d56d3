package zmai.flasher.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import zmai.flasher.ExitCode;
import zmai.flasher.FlasherException;

/** The {@code flasher} command line: usage, version, exit codes and failure reporting shared by every subcommand. */
@Command(name = "flasher", mixinStandardHelpOptions = true, versionProvider = FlasherCommand.ManifestVersion.class,
        header = "Backs up, writes and verifies the flash of BK7231N/BK7231T chips through their UART bootloader.",
        description = {
                "Made for ZMAi-90 energy meters (Tuya CBU module, BK7231N).",
                "",
                "Before you start:",
                "  * Never connect an adapter while the meter is on mains:",
                "    its low-voltage side is not isolated.",
                "  * ZMAi-90: the RN8209C metering chip shares TX1/RX1 with the bootloader.",
                "    Disconnect it (lift or cut its TX and RX) before flashing,",
                "    or the link fails or the data is garbled.",
                "  * Wire a 3.3 V USB-serial adapter: its TX to RX1, its RX to TX1, GND to GND.",
                "    To enter the bootloader, bridge CEN to GND briefly,",
                "    or wire RTS or DTR to CEN and use --reset.",
                "",
                "Without hardware, start the chip simulator and use --port tcp://127.0.0.1:PORT.",
                ""},
        commandListHeading = "%nCommands:%n")
public final class FlasherCommand implements Callable<Integer> {

    /** The subcommands `flasher` offers: add each new command class here. */
    static final List<Object> SUBCOMMANDS = List.of(InfoCommand.class, ReadCommand.class, WriteCommand.class,
            VerifyCommand.class, EraseCommand.class, zmai.flasher.sim.SimulateCommand.class, BenchmarkCommand.class);

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the flasher as the shell would; the process exit code. */
    public static int run(String... args) {
        return commandLine(SUBCOMMANDS.toArray()).execute(args);
    }

    /**
     * A {@code flasher} command line with the given subcommands (classes or instances annotated with
     * {@code @Command}), which maps a {@link FlasherException} to its exit code and prints its message on stderr.
     */
    public static CommandLine commandLine(Object... subcommands) {
        CommandLine commandLine = new CommandLine(new FlasherCommand());
        Arrays.stream(subcommands).forEach(commandLine::addSubcommand);
        // settings reach only the subcommands present, so they come after addSubcommand
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        FailureReport failures = new FailureReport();
        commandLine.setExecutionExceptionHandler(failures);
        commandLine.setExitCodeExceptionMapper(failures);
        listExitCodes(commandLine);
        return commandLine;
    }

    /** Reached only without a subcommand. */
    @Override
    public Integer call() {
        CommandLine commandLine = spec.commandLine();
        commandLine.getErr().println("flasher: Missing a command: choose one of the commands below.");
        commandLine.usage(commandLine.getErr());
        return ExitCode.USAGE.code();
    }

    private static void listExitCodes(CommandLine commandLine) {
        Map<String, String> codes = new LinkedHashMap<>();
        for (ExitCode code : ExitCode.values()) {
            codes.put(String.valueOf(code.code()), code.meaning());
        }
        commandLine.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        commandLine.getSubcommands().values().forEach(FlasherCommand::listExitCodes);
    }

    /** A FlasherException exits with its code and only its message; anything else is a bug. */
    private static final class FailureReport implements IExecutionExceptionHandler, IExitCodeExceptionMapper {

        @Override
        public int handleExecutionException(Exception failure, CommandLine commandLine, ParseResult parsed) {
            PrintWriter err = commandLine.getErr();
            if (failure instanceof FlasherException flasher) {
                err.println(commandLine.getColorScheme().errorText("flasher: " + flasher.getMessage()));
            } else {
                err.println(commandLine.getColorScheme().errorText("flasher: internal error, please report it: "
                        + failure));
            }
            err.flush();
            return getExitCode(failure);
        }

        /** Picocli asks this for bad usage too, once a mapper is set. */
        @Override
        public int getExitCode(Throwable failure) {
            if (failure instanceof FlasherException flasher) {
                return flasher.exitCode().code();
            }
            return failure instanceof ParameterException ? ExitCode.USAGE.code() : ExitCode.INTERNAL.code();
        }
    }

    /** The version packaging writes into the jar's manifest; "dev" when run from classes. */
    static final class ManifestVersion implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = FlasherCommand.class.getPackage().getImplementationVersion();
            return new String[] {"flasher " + (version == null ? "dev" : version)};
        }
    }
}
