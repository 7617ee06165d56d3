package zmai.meter.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import zmai.core.link.SerialLink;
import zmai.meter.driver.EnergyRegisterListener;
import zmai.meter.driver.Reading;
import zmai.meter.driver.Rn8209Driver;

/** {@code read}: initialise the chip and print readings. */
@Command(name = "read", mixinStandardHelpOptions = true, description = "Sets the chip up and prints readings.")
final class ReadCommand implements Callable<Integer> {

    @Mixin
    ChipOptions chip;

    @Option(names = "--count", defaultValue = "1", description = "readings to print (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--interval", defaultValue = "1s", converter = DurationConverter.class,
            description = "time between readings (default ${DEFAULT-VALUE})")
    Duration interval;

    @Option(names = "--json", description = "one JSON object per line")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (count < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--count must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (SerialLink link = chip.open()) {
            Rn8209Driver driver = ChipOptions.driver(link, EnergyRegisterListener.NONE);
            err.println("setting up the RN8209C on " + link.describe());
            err.flush();
            driver.initialise(chip.loadCalibration());
            for (int i = 0; i < count; i++) {
                if (i > 0) {
                    Thread.sleep(interval.toMillis());
                }
                out.println(json ? toJson(driver.read()) : toText(driver.read()));
                out.flush();
            }
        }
        return 0;
    }

    static String toText(Reading r) {
        return String.format(Locale.ROOT, "%s %.1f V %.3f A %.2f W PF %.2f %.2f Hz EnergyP %d%s", r.at(), r.volts(),
                r.amps(), r.watts(), r.powerFactor(), r.hertz(), r.energyPulses(), r.reversed() ? " reversed" : "");
    }

    static String toJson(Reading r) throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("at", r.at().toString());
        fields.put("volts", r.volts());
        fields.put("amps", r.amps());
        fields.put("watts", r.watts());
        fields.put("powerFactor", r.powerFactor());
        fields.put("hertz", r.hertz());
        fields.put("energyPulses", r.energyPulses());
        fields.put("checksum", r.checksum());
        fields.put("reversed", r.reversed());
        return new ObjectMapper().writeValueAsString(fields);
    }
}
