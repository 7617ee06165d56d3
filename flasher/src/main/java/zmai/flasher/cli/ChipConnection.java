package zmai.flasher.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import zmai.core.meter.ChipFamily;
import zmai.flasher.ExitCode;
import zmai.flasher.FlasherException;
import zmai.core.link.PortUnavailableException;
import zmai.core.link.SerialLink;
import zmai.core.link.SerialLinks;
import zmai.flasher.ops.BootloaderSession;
import zmai.flasher.ops.ChipIdentifier;
import zmai.flasher.ops.FlashAccess;

/** Opens the port, gets the bus, switches to the fastest rate that works and identifies the chip. */
final class ChipConnection implements AutoCloseable {

    private final SerialLink link;
    private final FlashAccess access;

    private ChipConnection(SerialLink link, FlashAccess access) {
        this.link = link;
        this.access = access;
    }

    static ChipConnection open(PortOptions options, Optional<ChipFamily> chip, PrintWriter err)
            throws FlasherException, IOException {
        SerialLink link;
        try {
            link = SerialLinks.open(options.port(), BootloaderSession.INITIAL_BAUD);
        } catch (PortUnavailableException e) {
            throw new FlasherException(ExitCode.PORT_UNAVAILABLE, e.getMessage(), e);
        }
        try {
            BootloaderSession session = new BootloaderSession(link);
            err.printf("waiting for the bootloader on %s — reset the chip now (power-cycle it or pulse CEN)%n",
                    link.describe());
            err.flush();
            session.getBus(options.linkTimeout(), options.reset());
            int baud = session.negotiateBaud(candidates(options.baud()));
            FlashAccess access = new FlashAccess(session, ChipIdentifier.identify(session, chip), !options.fixedBaud());
            err.printf("linked: %s, flash %s, %d baud%n", access.chip().chip(), access.chip().midText(), baud);
            err.flush();
            return new ChipConnection(link, access);
        } catch (FlasherException | IOException | RuntimeException e) {
            link.close();
            throw e;
        }
    }

    /** The requested rate, then the slower standard rates below it. */
    static List<Integer> candidates(int requested) {
        List<Integer> rates = new ArrayList<>(List.of(requested));
        FlashAccess.FALLBACK_RATES.stream().filter(r -> r < requested).forEach(rates::add);
        return rates;
    }

    FlashAccess access() {
        return access;
    }

    @Override
    public void close() throws IOException {
        link.close();
    }
}
