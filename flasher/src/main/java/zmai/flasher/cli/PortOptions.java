package zmai.flasher.cli;

import java.math.BigDecimal;
import java.time.Duration;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;
import zmai.core.cli.PortSpecConverter;
import zmai.core.link.PortSpec;
import zmai.core.link.ResetPulse;

/** How to reach the chip; mixed into every command that talks to it with {@code @Mixin PortOptions port;}. */
public final class PortOptions {

    @Option(names = "--port", required = true, paramLabel = "PORT", converter = PortSpecConverter.class,
            description = "serial device (/dev/ttyUSB0, COM3) or tcp://HOST:PORT of a raw TCP bridge or the simulator")
    private PortSpec port;

    @Option(names = "--baud", paramLabel = "BAUD", defaultValue = "921600", converter = BaudConverter.class,
            description = "speed to switch to once linked at 115200 (default: ${DEFAULT-VALUE})")
    private int baud;

    @Option(names = "--fixed-baud", description = "stay at --baud even when errors pile up (by default the line slows down)")
    private boolean fixedBaud;

    @Option(names = "--reset", paramLabel = "WIRING", defaultValue = "NONE",
            description = "modem line wired to CEN to reset the chip into its bootloader: ${COMPLETION-CANDIDATES}"
                    + " (default: ${DEFAULT-VALUE}: bridge CEN to GND by hand)")
    private ResetPulse reset;

    @Option(names = "--link-timeout", paramLabel = "SECONDS", defaultValue = "30", converter = SecondsConverter.class,
            description = "seconds to keep trying to reach the bootloader (default: ${DEFAULT-VALUE})")
    private Duration linkTimeout;

    public PortSpec port() {
        return port;
    }

    public int baud() {
        return baud;
    }

    public boolean fixedBaud() {
        return fixedBaud;
    }

    public ResetPulse reset() {
        return reset;
    }

    public Duration linkTimeout() {
        return linkTimeout;
    }

    static final class BaudConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            try {
                int baud = Integer.parseInt(text.strip());
                if (baud > 0) {
                    return baud;
                }
            } catch (NumberFormatException e) {
                // explained below
            }
            throw new TypeConversionException("'" + text + "' is not a baud rate: give a positive number such as 921600");
        }
    }

    /** Whole or decimal seconds, e.g. 30 or 2.5. */
    static final class SecondsConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            try {
                BigDecimal seconds = new BigDecimal(text.strip());
                if (seconds.signum() > 0) {
                    return Duration.ofNanos(seconds.movePointRight(9).longValueExact());
                }
            } catch (NumberFormatException | ArithmeticException e) {
                // explained below
            }
            throw new TypeConversionException("'" + text + "' is not a timeout: give positive seconds such as 30 or 2.5");
        }
    }
}
