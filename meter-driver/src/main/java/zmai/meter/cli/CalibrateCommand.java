package zmai.meter.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import zmai.core.link.SerialLink;
import zmai.meter.driver.CalibrationFile;
import zmai.meter.driver.Calibrator;
import zmai.meter.driver.EnergyRegisterListener;
import zmai.meter.driver.Pause;
import zmai.meter.driver.Rn8209Driver;

/** {@code calibrate}: Ku, Ki and GPQA from a known resistive load. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Calibrates against a known resistive load (e.g. a 60 W incandescent bulb) and saves the result.")
final class CalibrateCommand implements Callable<Integer> {

    @Mixin
    ChipOptions chip;

    @Option(names = "--voltage", required = true, description = "true RMS voltage, V")
    double volts;

    @Option(names = "--current", required = true, description = "true RMS current, A")
    double amps;

    @Option(names = "--power", required = true, description = "true active power, W")
    double watts;

    @Option(names = "--out", defaultValue = "calibration.json", description = "where to save (default ${DEFAULT-VALUE})")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!(volts > 0) || !(amps > 0) || !(watts > 0)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--voltage, --current and --power must be positive");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (SerialLink link = chip.open()) {
            Rn8209Driver driver = ChipOptions.driver(link, EnergyRegisterListener.NONE);
            driver.initialise(chip.loadCalibration());
            err.println("measuring at " + volts + " V, " + amps + " A, " + watts + " W ...");
            err.flush();
            Calibrator.Result result = new Calibrator(Pause.sleeping()).calibrate(driver, volts, amps, watts);
            new CalibrationFile(out).save(result.calibration());
            stdout.println(String.format(Locale.ROOT, "Ku %.1f LSB/V, Ki %.1f LSB/A, GPQA %d", result.calibration().voltsLsb(),
                    result.calibration().ampsLsb(), result.calibration().gpqa()));
            stdout.println(String.format(Locale.ROOT, "error before: V %+.2f %%, I %+.2f %%, P %+.2f %%",
                    result.before().voltsPercent(), result.before().ampsPercent(), result.before().wattsPercent()));
            stdout.println(String.format(Locale.ROOT, "error after:  V %+.2f %%, I %+.2f %%, P %+.2f %%",
                    result.after().voltsPercent(), result.after().ampsPercent(), result.after().wattsPercent()));
            stdout.println("saved " + out);
        }
        return 0;
    }
}
