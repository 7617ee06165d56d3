package zmai.fleet.tracking;

import zmai.core.energy.ChannelRegister;
import zmai.core.energy.CounterUnit;
import zmai.core.energy.MilliWattHours;
import zmai.core.meter.MacAddress;
import zmai.core.topic.EnergyRegister;
import zmai.core.topic.Inbound;
import zmai.core.topic.MeterMessage;
import zmai.fleet.energy.ReadingKey;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Every device the fleet knows, kept current from parsed MQTT traffic, and the changes not yet written.
 *
 * <p>A device is found by its topic until it reports its MAC; from then on the MAC is its identity, so a meter
 * whose topic is renamed stays the same device. One topic that keeps switching between two MACs is two meters
 * sharing a client id: the broker lets only one of them connect at a time, and each takes the session from the
 * other. Retained messages replayed to us are facts about the device's state, never new samples.
 */
public final class DeviceTracker {

    public static final String PROVISIONAL_PREFIX = "topic:";
    /** The ZMAi-90 template drives its bistable relay (BridgeForward/BridgeReverse) from channel 1. */
    static final int RELAY_CHANNEL = 1;
    /** A device's own lifetime total while a configured channel is the one billed: kept, never accounted. */
    public static final String UNBILLED_TOTAL = "energy_total_unbilled";

    private record MacSwitch(String previousMac, Instant at) {
    }

    private record PendingEvent(TrackedDevice device, Instant at, DeviceEventKind kind, String detail) {
    }

    private record PendingSample(TrackedDevice device, Instant at, String register, CounterUnit unit, long valueMwh,
                                 long bootMarker, boolean reset) {
    }

    private final Duration conflictWindow;
    private final Map<String, TrackedDevice> byTopic = new HashMap<>();
    private final Map<String, TrackedDevice> byMac = new HashMap<>();
    private final Map<String, TrackedDevice> byId = new HashMap<>();
    private final Map<String, MacSwitch> lastSwitch = new HashMap<>();
    private final Map<TrackedDevice, TrackedDevice> mergedInto = new HashMap<>();
    private final Set<TrackedDevice> forgotten = new java.util.HashSet<>();
    private final Set<TrackedDevice> dirty = new LinkedHashSet<>();
    private final List<TrackingChanges.Rekey> rekeys = new ArrayList<>();
    private final List<TrackingChanges.Merge> merges = new ArrayList<>();
    private final List<PendingEvent> events = new ArrayList<>();
    private final List<PendingSample> samples = new ArrayList<>();

    /** @param conflictWindow how soon a topic must switch back to a MAC for the two to count as fighting */
    public DeviceTracker(Duration conflictWindow) {
        this.conflictWindow = Objects.requireNonNull(conflictWindow, "conflictWindow");
    }

    /** Starts from what the database knows, before any message is applied. */
    public synchronized void load(Collection<TrackingChanges.DeviceState> known) {
        for (TrackingChanges.DeviceState state : known) {
            index(TrackedDevice.of(state));
        }
    }

    public synchronized void apply(Inbound inbound, Instant receivedAt) {
        apply(inbound, receivedAt, false);
    }

    /**
     * @param redelivered the broker sent it again (MQTT DUP) because our acknowledgement did not reach it: we may
     *                    have applied it already, so it cannot be evidence of a reboot
     */
    public synchronized void apply(Inbound inbound, Instant receivedAt, boolean redelivered) {
        String topic = inbound.device().value();
        TrackedDevice device = byTopic.get(topic);
        if (device == null) {
            device = discover(topic, inbound, receivedAt);
        }
        for (MeterMessage message : inbound.messages()) {
            if (message instanceof MeterMessage.MacReport report) {
                device = identify(device, report.mac(), receivedAt);
            }
        }
        if (!inbound.retained()) {
            device.lastSeen = receivedAt;
        }
        for (MeterMessage message : inbound.messages()) {
            update(device, message, inbound.retained(), redelivered, receivedAt);
        }
        dirty.add(device);
    }

    /** Devices silent for longer than {@code timeout} are offline, even if the broker never sent their will. */
    public synchronized void markSilent(Instant now, Duration timeout) {
        Instant limit = now.minus(timeout);
        for (TrackedDevice device : byId.values()) {
            if (device.online && device.lastSeen.isBefore(limit)) {
                device.online = false;
                event(device, now, DeviceEventKind.SILENT, "no message since " + device.lastSeen);
                dirty.add(device);
            }
            if (device.conflict != null && conflictSettled(device, now)) {
                device.conflict = null;
                dirty.add(device);
            }
        }
    }

    /** Forgets a deleted device; it is discovered anew if it speaks again. */
    public synchronized void forget(String id) {
        TrackedDevice device = byId.remove(id);
        if (device == null) {
            return;
        }
        byTopic.remove(device.topic, device);
        if (device.mac != null) {
            byMac.remove(device.mac, device);
        }
        forgotten.add(device);
        dirty.remove(device);
    }

    /**
     * An operator's new energy settings for a device, already stored; readings from now on are read with them.
     * A device the tracker does not know (never spoke MQTT) finds them in the database when it first speaks.
     */
    public synchronized void configureEnergy(String id, EnergySettings settings) {
        Objects.requireNonNull(settings, "settings");
        TrackedDevice device = byId.get(id);
        if (device != null) {
            device.energy = settings;
        }
    }

    public synchronized Optional<String> topicOf(String id) {
        return Optional.ofNullable(byId.get(id)).map(d -> d.topic);
    }

    public synchronized int size() {
        return byId.size();
    }

    public synchronized long onlineCount() {
        return byId.values().stream().filter(d -> d.online).count();
    }

    /** Everything learnt since the last call, with each pending row under its device's current id. */
    public synchronized TrackingChanges drain() {
        List<TrackingChanges.DeviceState> states = dirty.stream().map(TrackedDevice::state).toList();
        List<TrackingChanges.Event> eventRows = new ArrayList<>();
        for (PendingEvent e : events) {
            resolve(e.device()).ifPresent(d -> eventRows.add(new TrackingChanges.Event(d.id, e.at(), e.kind(),
                    e.detail())));
        }
        List<TrackingChanges.EnergySample> sampleRows = new ArrayList<>();
        for (PendingSample s : samples) {
            resolve(s.device()).ifPresent(d -> sampleRows.add(new TrackingChanges.EnergySample(d.id, s.at(),
                    s.register(), s.unit(), s.valueMwh(), s.bootMarker(), s.reset())));
        }
        TrackingChanges changes = new TrackingChanges(rekeys, states, merges, eventRows, sampleRows);
        dirty.clear();
        rekeys.clear();
        merges.clear();
        events.clear();
        samples.clear();
        mergedInto.clear();
        forgotten.clear();
        return changes;
    }

    private Optional<TrackedDevice> resolve(TrackedDevice device) {
        TrackedDevice d = device;
        while (mergedInto.containsKey(d)) {
            d = mergedInto.get(d);
        }
        return forgotten.contains(d) ? Optional.empty() : Optional.of(d);
    }

    private TrackedDevice discover(String topic, Inbound inbound, Instant at) {
        TrackedDevice device = new TrackedDevice();
        device.id = PROVISIONAL_PREFIX + topic;
        device.topic = topic;
        device.dialect = inbound.dialect().name();
        device.firstSeen = at;
        device.lastSeen = at;
        index(device);
        event(device, at, DeviceEventKind.DISCOVERED, "first message on topic '" + topic + "'");
        return device;
    }

    private TrackedDevice identify(TrackedDevice device, MacAddress mac, Instant at) {
        String macText = mac.value();
        if (macText.equals(device.mac)) {
            return device;
        }
        TrackedDevice known = byMac.get(macText);
        if (device.mac == null) {
            byId.remove(device.id);
            if (known == null) {
                String macId = idFor(mac);
                rekeys.add(new TrackingChanges.Rekey(device.id, macId));
                device.id = macId;
                device.mac = macText;
                index(device);
                return device;
            }
            // a known meter under a new topic: the provisional device was it all along
            merges.add(new TrackingChanges.Merge(device.id, known.id));
            mergedInto.put(device, known);
            dirty.remove(device);
            events.removeIf(e -> e.device() == device && e.kind() == DeviceEventKind.DISCOVERED);
            moveTopic(known, device.topic, at);
            known.online = known.online || device.online;
            if (device.declaredUnit != null && device.declaredUnit != known.declaredUnit) {
                declaredUnit(known, device.declaredUnit, at);
            }
            return known;
        }
        TrackedDevice other = known != null ? known : newDeviceFor(mac, device, at);
        MacSwitch previous = lastSwitch.put(device.topic, new MacSwitch(device.mac, at));
        if (previous != null && previous.previousMac().equals(macText)
                && Duration.between(previous.at(), at).compareTo(conflictWindow) <= 0) {
            flagConflict(device, other, at);
        }
        moveTopic(other, device.topic, at);
        return other;
    }

    private TrackedDevice newDeviceFor(MacAddress mac, TrackedDevice sameTopic, Instant at) {
        TrackedDevice device = new TrackedDevice();
        device.id = idFor(mac);
        device.mac = mac.value();
        device.topic = sameTopic.topic;
        device.dialect = sameTopic.dialect;
        device.firstSeen = at;
        device.lastSeen = at;
        index(device);
        event(device, at, DeviceEventKind.DISCOVERED, "first message on topic '" + sameTopic.topic + "'");
        return device;
    }

    private void flagConflict(TrackedDevice a, TrackedDevice b, Instant at) {
        for (TrackedDevice[] pair : new TrackedDevice[][]{{a, b}, {b, a}}) {
            TrackedDevice device = pair[0];
            String text = "topic '" + a.topic + "' is also used by the meter with MAC " + pair[1].mac
                    + "; the two take the MQTT session from each other";
            if (!text.equals(device.conflict)) {
                device.conflict = text;
                event(device, at, DeviceEventKind.CONFLICT, text);
                dirty.add(device);
            }
        }
    }

    private boolean conflictSettled(TrackedDevice device, Instant now) {
        MacSwitch last = lastSwitch.get(device.topic);
        return last == null || Duration.between(last.at(), now).compareTo(conflictWindow.multipliedBy(2)) > 0;
    }

    private void moveTopic(TrackedDevice device, String topic, Instant at) {
        if (!topic.equals(device.topic)) {
            event(device, at, DeviceEventKind.TOPIC_CHANGED, "'" + device.topic + "' -> '" + topic + "'");
            byTopic.remove(device.topic, device);
            device.topic = topic;
        }
        byTopic.put(topic, device);
        dirty.add(device);
    }

    private void update(TrackedDevice device, MeterMessage message, boolean retained, boolean redelivered,
                        Instant at) {
        if (message instanceof MeterMessage.Availability a) {
            availability(device, a.online(), retained, at);
        } else if (message instanceof MeterMessage.Build b) {
            build(device, b, at);
        } else if (message instanceof MeterMessage.IpAddress ip) {
            device.ip = ip.dotted();
        } else if (message instanceof MeterMessage.SignalStrength s) {
            device.rssi = s.dBm();
        } else if (message instanceof MeterMessage.FreeHeap h) {
            device.freeHeap = h.bytes();
        } else if (message instanceof MeterMessage.Uptime u && !retained) {
            uptime(device, u.seconds(), redelivered, at);
        } else if (message instanceof MeterMessage.Measurement m) {
            measurement(device, m);
        } else if (message instanceof MeterMessage.EnergyCounterReading r && !retained) {
            sample(device, r, at);
        } else if (message instanceof MeterMessage.EnergyClearDate cleared) {
            clearDate(device, cleared.clearedAt().toInstant(), at);
        } else if (message instanceof MeterMessage.EnergyCounterUnit declared) {
            declaredUnit(device, declared.unit(), at);
        } else if (message instanceof MeterMessage.RelayState relay && relay.channel() == 1) {
            device.relayOn = relay.on();
        } else if (message instanceof MeterMessage.ChannelValue c && isEnergyChannel(device, c.channel())) {
            if (!retained) {
                channelSample(device, device.energy.channel().orElseThrow(), c.value(), at);
            }
        } else if (message instanceof MeterMessage.ChannelValue c && c.channel() == RELAY_CHANNEL) {
            device.relayOn = c.value().signum() != 0;
        }
        // host name, SSID, temperature, device clock, channels and the rest are not tracked
    }

    private void availability(TrackedDevice device, boolean online, boolean retained, Instant at) {
        if (online != device.online) {
            device.online = online;
            if (online && !retained) {
                device.bootMarker++;
            }
            event(device, at, online ? DeviceEventKind.ONLINE : DeviceEventKind.OFFLINE,
                    retained ? "retained state when subscribing" : "connected = " + (online ? "online" : "offline"));
        }
    }

    private void build(TrackedDevice device, MeterMessage.Build b, Instant at) {
        if (b.info().text().equals(device.build)) {
            return;
        }
        String version = b.info().version().toString();
        if (device.build != null) {
            event(device, at, DeviceEventKind.FIRMWARE_CHANGED, device.firmwareVersion + " -> " + version + " ("
                    + b.info().text() + ")");
        }
        device.build = b.info().text();
        device.firmwareVersion = version;
        device.chip = b.info().chip().map(Enum::name).orElse(device.chip);
    }

    private void uptime(TrackedDevice device, long seconds, boolean redelivered, Instant at) {
        Long previous = device.uptimeSeconds;
        if (previous != null && seconds < previous) {
            if (redelivered) {
                return;
            }
            device.reboots++;
            device.bootMarker++;
            event(device, at, DeviceEventKind.REBOOT, "uptime went from " + previous + " s to " + seconds + " s");
        }
        device.uptimeSeconds = seconds;
    }

    private static void measurement(TrackedDevice device, MeterMessage.Measurement m) {
        switch (m.quantity()) {
            case VOLTAGE -> device.voltage = m.value();
            case CURRENT -> device.current = m.value();
            case POWER -> device.power = m.value();
            default -> {
                // not part of the latest state
            }
        }
    }

    // Tasmota's Total and OpenBeken's ConsumptionTotal say their unit by their key; energycounter is Wh unless
    // flag 40 makes it kWh, which the operator or the device's discovery config tells
    private void sample(TrackedDevice device, MeterMessage.EnergyCounterReading r, Instant at) {
        CounterUnit unit = r.declaredUnit().orElseGet(() -> device.energy.energycounterUnit(device.declaredUnit));
        long mwh;
        try {
            mwh = MilliWattHours.fromDecimal(r.value(), unit);
        } catch (ArithmeticException | IllegalArgumentException e) {
            return; // a value no counter can hold; the parser let it through as a number, the accountant cannot use it
        }
        if (r.register() != EnergyRegister.TOTAL) {
            samples.add(new PendingSample(device, at, registerName(r.register()), unit, mwh, device.bootMarker, false));
            return;
        }
        // a new clear date resets the device's own counter, whichever register it is stored as
        boolean reset = device.resetPending;
        device.resetPending = false;
        if (device.energy.channel().isPresent()) {
            samples.add(new PendingSample(device, at, UNBILLED_TOTAL, unit, mwh, device.bootMarker, reset));
        } else {
            total(device, at, unit, mwh, reset);
        }
    }

    private static boolean isEnergyChannel(TrackedDevice device, int channel) {
        return device.energy.channel().map(c -> c.channel() == channel).orElse(false);
    }

    private void channelSample(TrackedDevice device, ChannelRegister register, BigDecimal raw, Instant at) {
        long mwh;
        try {
            mwh = register.toMilliWattHours(raw);
        } catch (ArithmeticException | IllegalArgumentException e) {
            return; // finer than 1 mWh with this divider, or negative: not a reading of this register
        }
        total(device, at, register.unit(), mwh, false);
    }

    /**
     * The one billed register. A reading read another way than the last one (new unit, other source) cannot be
     * compared with it: it is a new baseline, as a proven reset is, so a change of settings never creates energy;
     * what the meter counted between the two readings is not counted either.
     */
    private void total(TrackedDevice device, Instant at, CounterUnit unit, long mwh, boolean reset) {
        String basis = device.energy.basis(device.declaredUnit);
        // no basis yet: the device's first total, a baseline anyway
        boolean rebaseline = device.totalBasis != null && !basis.equals(device.totalBasis);
        if (rebaseline) {
            event(device, at, DeviceEventKind.ENERGY_REBASELINED, "energy_total is read as " + basis + ", before as "
                    + device.totalBasis + ": this reading is a new baseline and the energy since the previous one is"
                    + " not counted");
        }
        device.totalBasis = basis;
        samples.add(new PendingSample(device, at, ReadingKey.TOTAL, unit, mwh, device.bootMarker, reset || rebaseline));
    }

    private void declaredUnit(TrackedDevice device, CounterUnit unit, Instant at) {
        if (unit == device.declaredUnit) {
            return;
        }
        device.declaredUnit = unit;
        event(device, at, DeviceEventKind.ENERGY_SETTINGS_CHANGED, "Home Assistant discovery declares energycounter"
                + " in " + unit.symbol() + device.energy.energycounterUnit()
                .map(u -> "; the operator's " + u.symbol() + " stands").orElse(""));
    }

    // the first clear date is only remembered; a later, different one means the counter was set anew
    private void clearDate(TrackedDevice device, Instant clearedAt, Instant at) {
        if (clearedAt.equals(device.energyClearedAt)) {
            return;
        }
        if (device.energyClearedAt != null) {
            device.resetPending = true;
            event(device, at, DeviceEventKind.ENERGY_RESET, "energycounter_clear_date " + device.energyClearedAt
                    + " -> " + clearedAt);
        }
        device.energyClearedAt = clearedAt;
    }

    /** The import contract's names: {@code energy_total}, {@code energy_today}, ... */
    static String registerName(EnergyRegister register) {
        return "energy_" + register.name().toLowerCase(java.util.Locale.ROOT);
    }

    private void event(TrackedDevice device, Instant at, DeviceEventKind kind, String detail) {
        events.add(new PendingEvent(device, at, kind, detail));
    }

    private void index(TrackedDevice device) {
        byId.put(device.id, device);
        byTopic.put(device.topic, device);
        if (device.mac != null) {
            byMac.put(device.mac, device);
        }
    }

    /** The public id of a device that reported its MAC: the MAC's twelve hex digits. */
    public static String idFor(MacAddress mac) {
        return mac.value().replace(":", "");
    }
}
