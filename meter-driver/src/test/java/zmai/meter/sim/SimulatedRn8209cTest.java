package zmai.meter.sim;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;

import zmai.meter.rn8209.FrameException;
import zmai.meter.rn8209.Register;
import zmai.meter.rn8209.RegisterValue;
import zmai.meter.rn8209.Rn8209Command.ReadRegister;
import zmai.meter.rn8209.Rn8209Command.SpecialCommand;
import zmai.meter.rn8209.Rn8209Command.WriteRegister;

import static org.assertj.core.api.Assertions.assertThat;
import static zmai.meter.rn8209.Register.*;

/** The chip model against the spec (specs/rn8209c-and-zmai90.md, appendix A and §5, §8). */
class SimulatedRn8209cTest {

    private static final Load SIXTY_WATTS = new Load(230, 0.2609, 60, 50); // §8.3: reproduces the appendix bytes

    private final ManualClock clock = new ManualClock();

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    private SimulatedRn8209c chip(Load load) {
        return SimulatedRn8209c.builder().clock(clock).seed(7).load(load).build();
    }

    private static long read(SimulatedRn8209c chip, Register register) throws FrameException {
        return RegisterValue.decode(register, chip.receive(new ReadRegister(register).encode())).value();
    }

    private static void send(SimulatedRn8209c chip, byte[] frame) {
        assertThat(chip.receive(frame)).isEmpty();
    }

    @Test
    void answersTheAppendixFrames() {
        SimulatedRn8209c chip = chip(SIXTY_WATTS);
        assertThat(chip.receive(hex("7F"))).isEqualTo(hex("82 09 00 F5"));
        assertThat(chip.receive(hex("24"))).isEqualTo(hex("1E EB 3C 96"));
        assertThat(chip.receive(hex("22"))).isEqualTo(hex("00 25 5D 5B"));
        assertThat(chip.receive(hex("26"))).isEqualTo(hex("00 09 06 3C 8E"));
        assertThat(chip.receive(hex("25"))).isEqualTo(hex("22 F5 C3"));
        send(chip, hex("EA E5 30"));
        assertThat(chip.receive(hex("43"))).isEqualTo(hex("10 AC"));
        send(chip, hex("EA DC 39"));
        assertThat(chip.receive(hex("43"))).isEqualTo(hex("00 BC"));
    }

    @Test
    void reversePowerIsNegativeWithRevp() throws FrameException {
        SimulatedRn8209c chip = chip(new Load(230, 0.2609, -60, 50));
        assertThat(chip.receive(hex("26"))).isEqualTo(hex("FF F6 F9 C4 27"));
        assertThat(read(chip, EMUSTATUS) & 1 << 17).isNotZero();
        chip.setLoad(SIXTY_WATTS);
        assertThat(read(chip, EMUSTATUS) & 1 << 17).isZero();
    }

    @Test
    void sixtyHertz() {
        SimulatedRn8209c chip = chip(Load.of(230, 0.26, 1, 60));
        assertThat(chip.receive(hex("25"))).isEqualTo(hex("1D 21 9C"));
    }

    @Test
    void answersInAnyChunking() {
        SimulatedRn8209c chip = chip(SIXTY_WATTS);
        assertThat(chip.receive(hex("7F 24"))).isEqualTo(hex("82 09 00 F5 1E EB 3C 96"));
        send(chip, hex("EA"));
        send(chip, hex("E5"));
        send(chip, hex("30 82 10"));
        send(chip, hex("00"));
        assertThat(chip.receive(hex("6D 45"))).isEqualTo(hex("10 00 AA"));
    }

    @Test
    void calibrationWritesNeedWriteEnable() throws FrameException {
        SimulatedRn8209c chip = chip(SIXTY_WATTS);
        send(chip, new WriteRegister(HFCONST, 0x2000).encode());
        assertThat(read(chip, HFCONST)).isEqualTo(0x1000);
        send(chip, SpecialCommand.WRITE_ENABLE.encode());
        send(chip, new WriteRegister(HFCONST, 0x2000).encode());
        assertThat(read(chip, HFCONST)).isEqualTo(0x2000);
        assertThat(read(chip, WDATA)).isEqualTo(0x2000);
        send(chip, SpecialCommand.WRITE_PROTECT.encode());
        send(chip, new WriteRegister(HFCONST, 0x3000).encode());
        assertThat(read(chip, HFCONST)).isEqualTo(0x2000);
        assertThat(read(chip, WDATA)).isEqualTo(0x2000);
    }

    @Test
    void ignoresAWriteWithABadChecksum() throws FrameException {
        SimulatedRn8209c chip = chip(SIXTY_WATTS);
        send(chip, hex("EA E5 30"));
        send(chip, hex("82 20 00 6C"));  // good checksum would be 0x5D
        assertThat(read(chip, HFCONST)).isEqualTo(0x1000);
        send(chip, hex("EA E5 31"));      // bad special command: still unlocked from before, and no reply
        send(chip, hex("82 20 00 5D"));
        assertThat(read(chip, HFCONST)).isEqualTo(0x2000);
    }

    @Test
    void sysconReadsBackWithTheUartRateBits() throws FrameException {
        SimulatedRn8209c chip = chip(SIXTY_WATTS);
        assertThat(read(chip, SYSCON)).isEqualTo(0x1603);
        send(chip, hex("EA E5 30"));
        send(chip, hex("80 00 0F 70"));
        assertThat(read(chip, SYSCON)).isEqualTo(0x160F);
    }

    @Test
    void softResetRestoresResetValuesAndIsDeafFor250ms() throws FrameException {
        SimulatedRn8209c chip = chip(SIXTY_WATTS);
        send(chip, hex("EA E5 30"));
        send(chip, hex("82 20 00 5D"));
        send(chip, hex("81 80 03 FB"));
        send(chip, hex("EA FA 1B 7F"));   // the read right after the reset goes unheard
        clock.advance(Duration.ofMillis(200));
        assertThat(chip.receive(hex("7F"))).isEmpty();
        clock.advance(Duration.ofMillis(60));
        assertThat(read(chip, DEVICEID)).isEqualTo(0x820900);
        for (Register r : Register.values()) {
            if (r.access() == Register.Access.CALIBRATION && r != SYSCON) {
                assertThat(read(chip, r)).as(r.name()).isEqualTo(r.interpret(r.resetValue()));
            }
        }
        assertThat(read(chip, SYSCON)).isEqualTo(0x1603);
        assertThat(read(chip, SYSSTATUS)).isZero();
        assertThat(read(chip, RIF)).isNotZero();
        assertThat(read(chip, RIF)).isZero();
    }

    @Test
    void undefinedAddressesReadZeros() {
        SimulatedRn8209c chip = chip(SIXTY_WATTS);
        assertThat(chip.receive(hex("18"))).isEqualTo(hex("00 00 E7"));
        assertThat(chip.receive(hex("1F"))).isEqualTo(hex("00 00 E0"));
        assertThat(chip.receive(hex("33"))).isEqualTo(hex("00 00 00 CC"));
    }

    @Test
    void emuStatusChecksumFollowsTheFormula() throws FrameException {
        SimulatedRn8209c chip = SimulatedRn8209c.builder().clock(clock).load(SIXTY_WATTS)
                .checksumBusy(Duration.ofMillis(10)).build();
        assertThat(read(chip, EMUSTATUS)).isEqualTo(0xD879); // §8.2 reset default over UART
        send(chip, hex("EA E5 30"));
        send(chip, new WriteRegister(GPQA, 0xFF00).encode());
        send(chip, new WriteRegister(PHSA, 0x05).encode());
        long busy = read(chip, EMUSTATUS);
        assertThat(busy).isEqualTo(0xD879 | 1 << 16);
        clock.advance(Duration.ofMillis(10));
        long sum = 0;
        for (Register r : Register.values()) {
            if (r.access() == Register.Access.CALIBRATION) {
                sum += r == SYSCON ? read(chip, r) : read(chip, r) & r.mask();
            }
        }
        assertThat(read(chip, EMUSTATUS)).isEqualTo(~sum & 0xFFFF).isEqualTo(~(0x2786 + 0xFF00 + 0x05) & 0xFFFF);
    }

    @Test
    void sixtyWattsForAnHourGive108Pulses() throws FrameException {
        SimulatedRn8209c chip = chip(SIXTY_WATTS);
        chip.advance(Duration.ofHours(1));
        double expected = 591420 * SimulatedRn8209c.CLKIN_HZ / 0x1p34 * 3600 / 0x1000;
        assertThat(read(chip, ENERGYP)).isEqualTo((long) Math.floor(expected)).isEqualTo(108);
        assertThat(read(chip, ENERGYP)).isEqualTo(108); // accumulating: EnergyCLR = 0 at reset
        assertThat(read(chip, ENERGYP2)).isEqualTo(108);
        assertThat(read(chip, ENERGYP2)).isZero();  // always clear-on-read
        assertThat(chip.importedMilliwattHours()).isEqualTo(60_000);
        assertThat(read(chip, PFCNT)).isEqualTo((long) Math.floor((expected - 108) * 0x1000));
    }

    @Test
    void energyClrMakesEnergyPClearOnRead() throws FrameException {
        SimulatedRn8209c chip = chip(SIXTY_WATTS);
        send(chip, hex("EA E5 30 81 80 03 FB EA DC 39"));
        chip.advance(Duration.ofHours(1));
        assertThat(read(chip, ENERGYP)).isEqualTo(108);
        assertThat(read(chip, ENERGYP)).isZero();
    }

    @Test
    void energyPWrapsAt24Bits() throws FrameException {
        SimulatedRn8209c chip = chip(new Load(230, 13.05, 3000, 50));
        send(chip, hex("EA E5 30"));
        send(chip, new WriteRegister(HFCONST, 1).encode());
        double pulsesPerSecond = Math.round(3000 * BoardConstants.ZMAI_90.countsPerWatt())
                * SimulatedRn8209c.CLKIN_HZ / 0x1p34;
        long seconds = (long) Math.ceil((1 << 24) / pulsesPerSecond) + 10;
        chip.advance(Duration.ofSeconds(seconds));
        long total = (long) Math.floor(pulsesPerSecond * seconds);
        assertThat(read(chip, ENERGYP)).isBetween((total - 2) % (1 << 24), (total + 2) % (1 << 24));
        assertThat(total).isGreaterThan(1 << 24);
    }

    @Test
    void noEnergyBelowPStart() throws FrameException {
        SimulatedRn8209c chip = chip(Load.of(230, 0.0104, 1, 50)); // 2.39 W < 0x60 × 256 / 9857 ≈ 2.49 W
        chip.advance(Duration.ofHours(10));
        assertThat(read(chip, ENERGYP)).isZero();
        assertThat(read(chip, PFCNT)).isZero();
        assertThat(chip.importedMilliwattHours()).isEqualTo(23_920);
    }

    @Test
    void reversePowerCountsUpwardInAbsoluteMode() throws FrameException {
        SimulatedRn8209c chip = chip(new Load(230, 0.2609, -60, 50));
        chip.advance(Duration.ofHours(1));
        assertThat(read(chip, ENERGYP)).isEqualTo(108);
        assertThat(chip.exportedMilliwattHours()).isEqualTo(60_000);
        assertThat(chip.importedMilliwattHours()).isZero();
    }

    @Test
    void calibrationRegistersChangeTheReadings() throws FrameException {
        SimulatedRn8209c chip = chip(SIXTY_WATTS);
        send(chip, hex("EA E5 30"));
        send(chip, new WriteRegister(GPQA, 0x0800).encode());       // +1/16
        assertThat(read(chip, POWERPA)).isEqualTo(Math.round(591420 * (1 + 1 / 16.0)));
        send(chip, new WriteRegister(GPQA, 0).encode());
        send(chip, new WriteRegister(APOSA, 0xFF9C).encode());      // -100
        assertThat(read(chip, POWERPA)).isEqualTo(591320);
        send(chip, new WriteRegister(IARMSOS, 0xFEA0).encode());    // -352 × 256 in the squared domain
        assertThat(read(chip, IARMS)).isEqualTo(Math.round(Math.sqrt(9565.17 * 9565.17 - 352 * 256)));
        send(chip, new WriteRegister(SYSCON, 0x000F).encode());     // §8.1: U ×4 reads ~920 V at 8810/V
        assertThat(read(chip, URMS)).isEqualTo(230 * 8810 * 4);
        chip.setLoad(Load.of(240, 0.25, 1, 50));                    // and saturates above ~238 V
        assertThat(read(chip, URMS)).isEqualTo(0x7FFFFF);
    }

    @Test
    void stepProfileChangesTheLoadOverTime() throws FrameException {
        SimulatedRn8209c chip = chip(SIXTY_WATTS);
        chip.setLoadProfile(LoadProfile.steps(Map.of(Duration.ZERO, SIXTY_WATTS,
                Duration.ofMinutes(30), Load.idle(230, 50))));
        chip.advance(Duration.ofHours(1));
        assertThat(read(chip, POWERPA)).isZero();
        assertThat(chip.importedMilliwattHours()).isBetween(29_990L, 30_010L);
        assertThat(read(chip, ENERGYP)).isEqualTo(54);
    }

    @Test
    void noiseIsSeededAndFloorsIdleCurrent() throws FrameException {
        SimulatedRn8209c a = SimulatedRn8209c.builder().clock(clock).seed(3).noise(Noise.TYPICAL)
                .load(Load.idle(230, 50)).build();
        SimulatedRn8209c b = SimulatedRn8209c.builder().clock(clock).seed(3).noise(Noise.TYPICAL)
                .load(Load.idle(230, 50)).build();
        long sum = 0;
        for (int i = 0; i < 50; i++) {
            long current = read(a, IARMS);
            assertThat(read(b, IARMS)).isEqualTo(current);
            sum += current;
            a.advance(Duration.ofMillis(300));
            b.advance(Duration.ofMillis(300));
        }
        assertThat(sum / 50).isBetween(100L, 600L);
    }

    @Test
    void channelBFeedsNoEnergyOnAZmai90() throws FrameException {
        SimulatedRn8209c chip = chip(SIXTY_WATTS);
        send(chip, hex("EA A5 70"));                 // no write-enable needed (§8.4)
        chip.advance(Duration.ofHours(1));
        assertThat(read(chip, ENERGYP)).isZero();
        send(chip, hex("EA 5A BB"));
        chip.advance(Duration.ofHours(1));
        assertThat(read(chip, ENERGYP)).isEqualTo(108);
        assertThat(read(chip, IBRMS)).isZero();
        assertThat(read(chip, POWERPB)).isZero();
    }

    @Test
    void pfCntCanBeRestoredWithoutUnlocking() throws FrameException {
        SimulatedRn8209c chip = chip(SIXTY_WATTS);
        send(chip, new WriteRegister(PFCNT, 0x0FFF).encode());
        assertThat(read(chip, PFCNT)).isEqualTo(0x0FFF);
        assertThat(read(chip, WDATA)).isEqualTo(0x0FFF);
        chip.advance(Duration.ofSeconds(1));          // 123 counts per second at 60 W: one pulse
        assertThat(read(chip, ENERGYP)).isEqualTo(1);
    }

    @Test
    void rxHeldLowFor25msResetsTheChip() throws FrameException {
        SimulatedRn8209c chip = chip(SIXTY_WATTS);
        chip.advance(Duration.ofHours(1));
        chip.holdRxLow(Duration.ofMillis(10));
        assertThat(chip.peek(ENERGYP)).isEqualTo(108);
        chip.holdRxLow(Duration.ofMillis(30));
        assertThat(chip.peek(ENERGYP)).isZero();
        chip.advance(Duration.ofMillis(250));
        assertThat(read(chip, DEVICEID)).isEqualTo(0x820900);
        assertThat(chip.importedMilliwattHours()).isEqualTo(60_004);  // the truth survives the chip's reset
    }
}
