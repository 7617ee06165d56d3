package zmai.flasher.ops;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import zmai.core.meter.ChipFamily;
import zmai.flasher.FlasherException;
import zmai.core.link.PortSpec;
import zmai.core.link.ResetPulse;
import zmai.core.link.SerialLink;
import zmai.core.link.SerialLinks;
import zmai.flasher.sim.ChipVariant;
import zmai.flasher.sim.Faults;
import zmai.flasher.sim.LineClock;
import zmai.flasher.sim.SimulatedChip;
import zmai.flasher.sim.SimulatorServer;

/** A simulated chip on loopback and a flasher session linked to it; closes both. */
final class SimulatedBench implements AutoCloseable {

    /** No pacing: these tests check behaviour, the benchmark measures speed. */
    private static final LineClock UNPACED = LineClock.unpaced();

    final SimulatedChip chip;
    final SimulatorServer server;
    final SerialLink link;
    final BootloaderSession session;

    private SimulatedBench(SimulatedChip chip, SimulatorServer server, SerialLink link) {
        this.chip = chip;
        this.server = server;
        this.link = link;
        this.session = new BootloaderSession(link);
    }

    static SimulatedBench start(ChipVariant variant, Path flash, Faults faults) throws IOException {
        return start(SimulatedChip.builder(variant, flash).open(), faults);
    }

    static SimulatedBench start(SimulatedChip chip, Faults faults) throws IOException {
        SimulatorServer server = SimulatorServer.start(chip, faults, new java.net.InetSocketAddress("127.0.0.1", 0), UNPACED);
        SerialLink link = SerialLinks.open(PortSpec.parse("tcp://127.0.0.1:" + server.port()), BootloaderSession.INITIAL_BAUD);
        return new SimulatedBench(chip, server, link);
    }

    /** Links, switches to {@code baud} and identifies the chip. */
    FlashAccess linked(int baud) throws IOException, FlasherException {
        session.getBus(Duration.ofSeconds(5), ResetPulse.NONE);
        session.switchBaud(baud);
        return new FlashAccess(session, ChipIdentifier.identify(session, Optional.<ChipFamily>empty()));
    }

    @Override
    public void close() throws IOException {
        try {
            link.close();
        } finally {
            try {
                server.close();
            } finally {
                chip.close();
            }
        }
    }
}
