package zmai.meter.cli;

import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import zmai.core.link.PortUnavailableException;
import zmai.meter.driver.ChipException;

/** {@code meter-driver}: read, calibrate and publish an RN8209C metering chip. */
@Command(name = "meter-driver", mixinStandardHelpOptions = true, version = "meter-driver 0.1.0",
        description = "Drives the RN8209C metering chip of a ZMAi-90 (CBU) over a serial port or tcp://HOST:PORT.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "1:internal error", "2:bad usage", "4:no (usable) answer from the RN8209C",
                "5:port unavailable"})
public final class MeterDriverCommand {

    public static final int NO_ANSWER = 4;
    public static final int PORT_UNAVAILABLE = 5;

    /** Every subcommand; adding one is one line here. */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            ReadCommand.class,
            CalibrateCommand.class,
            GatewayCommand.class,
            zmai.meter.sim.SimulateChipCommand.class,
            zmai.meter.virtual.SimulateFleetCommand.class,
            zmai.meter.virtual.OtaImageCommand.class);

    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new MeterDriverCommand());
        SUBCOMMANDS.forEach(commandLine::addSubcommand);
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            cl.getErr().println("meter-driver: " + e.getMessage());
            return exitCodeFor(e);
        });
        return commandLine;
    }

    static int exitCodeFor(Throwable e) {
        if (e instanceof ChipException) {
            return NO_ANSWER;
        }
        if (e instanceof PortUnavailableException) {
            return PORT_UNAVAILABLE;
        }
        return CommandLine.ExitCode.SOFTWARE;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
