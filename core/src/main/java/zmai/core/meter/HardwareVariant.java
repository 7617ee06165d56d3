package zmai.core.meter;

import java.util.Map;
import java.util.Optional;

import static zmai.core.meter.SerialFraming.Parity.EVEN;
import static zmai.core.meter.SerialFraming.Parity.NONE;

/**
 * The ZMAi-90 generations that share one product name. Only {@link #ZMAI90_CBU} runs OpenBeken with the
 * RN8209C driver; the others are recorded so that a mixed fleet is described truthfully.
 */
public enum HardwareVariant {
    ZMAI90_V1(new HardwareProfile("ZMAi-90 V1", "ESP8266", ChipFamily.ESP8266, MeteringChip.V9821,
            "UART0", new SerialFraming(9600, 8, EVEN, 1), Map.of(), false)),
    ZMAI90_V2(new HardwareProfile("ZMAi-90 V2", "TYWE3S", ChipFamily.ESP8266, MeteringChip.TUYA_MCU,
            "UART0", new SerialFraming(9600, 8, NONE, 1), Map.of(), false)),
    ZMAI90_V3(new HardwareProfile("ZMAi-90 V3", "WB3S", ChipFamily.BK7231T, MeteringChip.TUYA_MCU,
            "UART1", new SerialFraming(9600, 8, NONE, 1), Map.of(), false)),
    /** Tuya CBU module (BK7231N, 2 MB flash) with an RN8209C on TX1/RX1: the variant this project targets. */
    ZMAI90_CBU(new HardwareProfile("ZMAi-90 CBU", "CBU", ChipFamily.BK7231N, MeteringChip.RN8209C,
            "UART1", new SerialFraming(4800, 8, EVEN, 1),
            Map.of(6, PinRole.WIFI_LED,
                    26, PinRole.LED,
                    14, PinRole.RELAY_BRIDGE_FORWARD,
                    16, PinRole.RELAY_BRIDGE_REVERSE,
                    7, PinRole.BUTTON),
            true));

    private final HardwareProfile profile;

    HardwareVariant(HardwareProfile profile) {
        this.profile = profile;
    }

    public HardwareProfile profile() {
        return profile;
    }

    /** Looks a variant up by its enum name or its profile name ({@code ZMAI90_CBU} or {@code ZMAi-90 CBU}). */
    public static Optional<HardwareVariant> fromName(String name) {
        for (HardwareVariant v : values()) {
            if (v.name().equalsIgnoreCase(name) || v.profile.name().equalsIgnoreCase(name)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /**
     * Board facts of one variant.
     *
     * @param meteringUart the module UART wired to the metering chip; it is also the flashing UART, which is
     *                     why the RN8209C must be lifted before a serial flash
     * @param pins         GPIO number to role, as found after flashing OpenBeken
     */
    public record HardwareProfile(String name, String wifiModule, ChipFamily chip, MeteringChip meteringChip,
                                  String meteringUart, SerialFraming meteringFraming, Map<Integer, PinRole> pins,
                                  boolean openBekenTarget) {
        public HardwareProfile {
            pins = Map.copyOf(pins);
        }

        public Optional<Integer> pinFor(PinRole role) {
            return pins.entrySet().stream().filter(e -> e.getValue() == role).map(Map.Entry::getKey).findFirst();
        }
    }
}
