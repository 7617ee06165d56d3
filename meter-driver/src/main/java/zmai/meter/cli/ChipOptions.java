package zmai.meter.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;

import picocli.CommandLine.Option;

import zmai.core.cli.PortSpecConverter;
import zmai.core.link.PortSpec;
import zmai.core.link.SerialLink;
import zmai.core.link.SerialLinks;
import zmai.core.meter.HardwareVariant;
import zmai.meter.driver.Calibration;
import zmai.meter.driver.CalibrationFile;
import zmai.meter.driver.EnergyRegisterListener;
import zmai.meter.driver.Pause;
import zmai.meter.driver.Rn8209Client;
import zmai.meter.driver.Rn8209Driver;

/** Where the chip is and how it is calibrated; shared by the subcommands. */
final class ChipOptions {

    @Option(names = "--port", required = true, converter = PortSpecConverter.class,
            description = "serial device at 4800 8E1 (e.g. /dev/ttyUSB0) or tcp://HOST:PORT")
    PortSpec port;

    @Option(names = "--calibration", paramLabel = "FILE",
            description = "calibration JSON written by 'calibrate'; without it the ZMAi-90 estimates are used")
    Path calibration;

    Calibration loadCalibration() throws IOException {
        return calibration == null ? Calibration.defaults() : new CalibrationFile(calibration).load();
    }

    SerialLink open() throws IOException {
        return SerialLinks.open(port, HardwareVariant.ZMAI90_CBU.profile().meteringFraming());
    }

    static Rn8209Driver driver(SerialLink link, EnergyRegisterListener energy) {
        Pause pause = Pause.sleeping();
        return new Rn8209Driver(new Rn8209Client(link, pause), InstantSource.system(), pause, energy);
    }
}
