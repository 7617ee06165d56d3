package zmai.meter.virtual;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import zmai.core.firmware.FirmwareVersion;
import zmai.core.meter.DeviceTopic;
import zmai.core.meter.MacAddress;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * One ZMAi-90 (CBU, RN8209C) running OpenBeken, as its MQTT peers see it. Transport-independent and driven by the
 * caller's clock: {@link #tick} is one firmware second. Not thread-safe; its transport serialises calls.
 */
public final class VirtualMeter {

    /** OpenBeken counts boots that do not survive this long; more than 4 in a row mean safe mode. */
    static final Duration BOOT_SURVIVAL = Duration.ofSeconds(30);
    static final int BOOTS_BEFORE_SAFE_MODE = 4;
    static final int RELAY_CHANNEL = 1;
    private static final int TELE_SENSOR_SECONDS = 3;
    private static final int TELE_STATE_SECONDS = 120;
    private static final DateTimeFormatter CLEAR_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mmxxx");
    private static final DateTimeFormatter TASMOTA_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    // the sweep order of MQTT_DoItemPublish (spec §1.4); CUSTOM is the queued-publish slot, empty here
    private enum SweepItem { HOST, BUILD, MAC, CUSTOM, TEMP, SSID, DATETIME, SOCKETS, RSSI, UPTIME, FREEHEAP, IP, CHANNELS }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What was written to the OTA partition since the last boot: a package the bootloader looks at on the next
     * boot. {@code source} is the {@code ota_http} URL, null for an image pushed to {@code /api/ota}.
     */
    private record OtaPartition(URI source, byte[] image) {
    }

    private final MeterConfig config;
    private final MeterFlags flags = MeterFlags.openBekenDefaults();
    private final SplittableRandom noise;
    private final EnergyCounter energy;
    private final Map<String, ChangeThrottle> sensors = new LinkedHashMap<>();
    private final Deque<SweepItem> sweep = new ArrayDeque<>();

    private LoadProfile load;
    private FirmwareBuild build;
    private MeterPhase phase = MeterPhase.RUNNING;
    private boolean connected;
    private boolean relayOn = true;
    private Instant lastTick;
    private long uptimeSeconds;
    private int shortBoots;
    private Instant clearedAt = Instant.EPOCH;
    private int broadcastIntervalSeconds = 60;
    private long secondsSinceBroadcast;
    private MeterTransition pendingTransition;
    private OtaPartition otaPartition;
    // the RN8209 driver reads one register per second, round robin (IARMS, IBRMS, PowerPA, PowerPB, URMS)
    private int pollIndex;
    private double volts;
    private double amps;
    private double watts;
    private int rssi;
    private long freeHeap;

    public VirtualMeter(MeterConfig config, Instant now) {
        this.config = Objects.requireNonNull(config, "config");
        this.noise = new SplittableRandom(config.seed());
        this.energy = new EnergyCounter(config.initialEnergyMilliWh(), EnergyCounter.DEFAULT_SAVE_THRESHOLD_MWH, now);
        this.load = config.load();
        this.build = config.build();
        config.initialFlags().forEach(f -> flags.set(f, true));
        sensors.put("voltage", new ChangeThrottle(0.25));
        sensors.put("current", new ChangeThrottle(0.002));
        sensors.put("power", new ChangeThrottle(0.25));
        sensors.put("power_apparent", new ChangeThrottle(0.25));
        sensors.put("power_reactive", new ChangeThrottle(0.25));
        sensors.put("power_factor", new ChangeThrottle(0.05));
        sensors.put("energycounter", new ChangeThrottle(0.1));
        sensors.put("energycounter_today", new ChangeThrottle(0.1));
        sensors.put("energycounter_yesterday", new ChangeThrottle(0.1));
        sensors.put("energycounter_2_days_ago", new ChangeThrottle(0.1));
        sensors.put("energycounter_3_days_ago", new ChangeThrottle(0.1));
        sensors.put("energycounter_clear_date", new ChangeThrottle(86400));
        boot(now);
    }

    public DeviceTopic topic() {
        return config.topic();
    }

    public MacAddress mac() {
        return config.mac();
    }

    public FirmwareBuild build() {
        return build;
    }

    public MeterPhase phase() {
        return phase;
    }

    public boolean isConnected() {
        return connected;
    }

    /** False while downloading an image and in safe mode. */
    public boolean wantsMqtt() {
        return phase == MeterPhase.RUNNING;
    }

    public Duration uptime() {
        return Duration.ofSeconds(uptimeSeconds);
    }

    public long energyMilliWh() {
        return energy.totalMilliWh();
    }

    public long savedEnergyMilliWh() {
        return energy.savedMilliWh();
    }

    /** How this meter's OTA downloads behave; its transport carries them out accordingly. */
    public OtaBehaviour ota() {
        return config.ota();
    }

    public boolean relayOn() {
        return relayOn;
    }

    public boolean flag(int flag) {
        return flags.isOn(flag);
    }

    public void setLoad(LoadProfile newLoad) {
        this.load = Objects.requireNonNull(newLoad, "newLoad");
    }

    /** Topic of the will the transport must register: {@code <t>/connected} = {@code offline}, QoS 1, retained. */
    public Publication lastWill() {
        return new Publication(config.topic() + "/connected", "offline", 1, true);
    }

    /** The broker accepted the session: {@code online} (QoS 2, retained) and, with flag 10, a full sweep. */
    public List<Publication> onConnected(Instant now) {
        connected = true;
        secondsSinceBroadcast = 0;
        if (flags.isOn(MeterFlags.BROADCAST_ON_CONNECT)) {
            startSweep();
        }
        return List.of(new Publication(config.topic() + "/connected", "online", 2, true));
    }

    public void onDisconnected() {
        connected = false;
    }

    /** A command or set the firmware would have been subscribed to; returns immediate replies. */
    public List<Publication> receive(String topic, String payload, Instant now) {
        String t = config.topic().value();
        String body = payload == null ? "" : payload.strip();
        if (topic.startsWith("cmnd/" + t + "/")) {
            return console(topic.substring(t.length() + 6), body, now);
        }
        if (topic.startsWith(t + "/") && topic.endsWith("/set")) {
            String channel = topic.substring(t.length() + 1, topic.length() - 4);
            if (String.valueOf(RELAY_CHANNEL).equals(channel)) {
                return setRelay(body.equalsIgnoreCase("toggle") ? !relayOn : !body.equals("0"));
            }
        }
        if (topic.equals(t + "/" + RELAY_CHANNEL + "/get") && body.isEmpty()) {
            return connected ? List.of(relayPublication()) : List.of();
        }
        return List.of();
    }

    /** The reboot or download a command asked for, once; the transport carries it out. */
    public Optional<MeterTransition> takeTransition() {
        MeterTransition t = pendingTransition;
        pendingTransition = null;
        return Optional.ofNullable(t);
    }

    /** Reboot after the transport dropped MQTT: RAM state is gone, the energy counter comes back from flash. */
    public void reboot(Instant now) {
        boot(now);
    }

    /** Sudden loss of mains: like a reboot, without the save OpenBeken does before a commanded one. */
    public void powerCut(Instant now) {
        boot(now);
    }

    /**
     * The download ended ({@code file} empty on any HTTP failure). OpenBeken saves the energy stats and reboots
     * regardless of success; the bootloader then installs a valid image or keeps the old application.
     */
    public void finishDownload(URI url, Optional<byte[]> file, Instant now) {
        energy.save(now);
        OtaFault fault = config.ota().fault();
        // a meter that cannot reach the server or whose downloads break off gets no complete image, whatever
        // its transport handed over
        Optional<byte[]> received = fault == OtaFault.UNREACHABLE_SERVER || fault == OtaFault.ABORTS_DOWNLOAD
                ? Optional.empty() : file;
        // the partition was erased when the download began: a broken transfer leaves nothing installable
        otaPartition = received.map(f -> new OtaPartition(url, f)).orElse(null);
        phase = MeterPhase.RUNNING;
        boot(now);
    }

    /**
     * {@code POST /api/ota}: the body is written to the OTA partition as it is. The firmware validates nothing and
     * does not reboot; at the next boot, whatever causes it, the bootloader installs the package if it is valid,
     * as after {@code ota_http}.
     *
     * @return the bytes written, the {@code size} of the answer
     * @throws IllegalStateException in safe mode, or while an {@code ota_http} download is in progress
     */
    public int receivePushedImage(byte[] image) {
        Objects.requireNonNull(image, "image");
        if (phase == MeterPhase.SAFE_MODE) {
            throw new IllegalStateException("meter " + config.topic() + " is in safe mode");
        }
        if (phase == MeterPhase.DOWNLOADING || pendingTransition instanceof MeterTransition.Download) {
            throw new IllegalStateException("meter " + config.topic() + " has an ota_http download in progress");
        }
        otaPartition = new OtaPartition(null, image.clone());
        return image.length;
    }

    /**
     * A commanded reboot ({@code restart}, {@code POST /api/reboot}): saves the energy stats as OpenBeken does
     * first, then leaves a {@link MeterTransition.Reboot} for {@link #takeTransition}. Refused (false) during an
     * {@code ota_http} download, which ends in a reboot of its own.
     */
    public boolean requestReboot(Instant now) {
        if (phase == MeterPhase.DOWNLOADING || pendingTransition instanceof MeterTransition.Download) {
            return false;
        }
        energy.save(now);
        pendingTransition = new MeterTransition.Reboot();
        return true;
    }

    /** {@code GET /api/info}, with the fields OpenBeken's REST interface gives. */
    public String infoJson() {
        long lowFlags = 0;
        for (int i = 0; i < 64; i++) {
            if (flags.isOn(i)) {
                lowFlags |= 1L << i;
            }
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("uptime_s", uptimeSeconds);
        info.put("build", build.httpBuildString());
        info.put("ip", config.ip());
        info.put("mac", config.mac().value());
        info.put("flags", Long.toUnsignedString(lowFlags));
        info.put("mqtttopic", config.topic().value());
        info.put("chipset", build.chip().name());
        info.put("webapp", "https://openbekeniot.github.io/webapp/");
        info.put("shortName", config.topic().value());
        info.put("startcmd", "");
        info.put("supportsSSDP", 0);
        try {
            return JSON.writeValueAsString(info);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Leaves safe mode, as a user who reconfigures the device through its AP would. */
    public void clearSafeMode(Instant now) {
        shortBoots = 0;
        phase = MeterPhase.RUNNING;
        boot(now);
    }

    /** Runs firmware seconds until {@code until}. */
    public List<Publication> advanceTo(Instant until) {
        List<Publication> out = new ArrayList<>();
        while (!lastTick.plusSeconds(1).isAfter(until)) {
            out.addAll(tick(lastTick.plusSeconds(1)));
        }
        return out;
    }

    /** One firmware second: metering, energy, sensor publishes, one sweep item, heartbeat and tele timers. */
    public List<Publication> tick(Instant now) {
        Duration elapsed = Duration.between(lastTick, now);
        lastTick = now;
        uptimeSeconds++;
        if (uptimeSeconds >= BOOT_SURVIVAL.toSeconds()) {
            shortBoots = 0;
        }
        rssi = Math.max(-90, Math.min(-40, rssi + noise.nextInt(-1, 2)));
        freeHeap = 78_000 + noise.nextInt(-2_000, 2_000);
        if (phase == MeterPhase.SAFE_MODE) {
            return List.of();
        }
        List<Publication> out = new ArrayList<>();
        meter(now, elapsed);
        publishSensors(out);
        if (connected) {
            sweepStep(out, now);
            heartbeat();
            tasmotaTele(out, now);
        }
        return connected ? out : List.of();
    }

    private void boot(Instant now) {
        bootloader();
        shortBoots++;
        if (shortBoots > BOOTS_BEFORE_SAFE_MODE) {
            phase = MeterPhase.SAFE_MODE;
        }
        energy.restoreFromFlash();
        connected = false;
        lastTick = now;
        uptimeSeconds = 0;
        pollIndex = 0;
        volts = 0;
        amps = 0;
        watts = 0;
        rssi = -55 - noise.nextInt(20);
        sweep.clear();
        sensors.values().forEach(ChangeThrottle::reset);
        broadcastIntervalSeconds = 60; // not saved across reboots
        pendingTransition = null;
    }

    // before the application starts: a valid package in the OTA partition is installed, else the old app stays
    private void bootloader() {
        OtaPartition offered = otaPartition;
        otaPartition = null;
        if (offered == null) {
            return;
        }
        Optional<FirmwareVersion> installed = offered.source() == null
                ? OtaImageCheck.installable(offered.image(), build.chip())
                : OtaImageCheck.installable(offered.source(), offered.image(), build.chip());
        if (config.ota().fault() == OtaFault.BOOTLOADER_KEEPS_OLD) {
            installed = Optional.empty(); // the write completed, yet the old application boots (OBK#2176)
        }
        installed.ifPresent(v -> build = new FirmwareBuild(build.chip(), v, build.builtAt()));
    }

    private void meter(Instant now, Duration elapsed) {
        LoadProfile.LoadSample sample = load.at(now);
        double trueWatts = relayOn ? sample.watts() : 0;
        double trueVolts = 230 + noise.nextGaussian() * 0.6;
        double trueAmps = trueWatts / (trueVolts * sample.powerFactor());
        switch (pollIndex) {
            case 0:
                amps = trueAmps;
                break;
            case 2:
                watts = trueWatts;
                break;
            case 4:
                volts = trueVolts;
                break;
            default:
                break; // IBRMS, PowerPB: read, unused
        }
        pollIndex = (pollIndex + 1) % 5;
        // integrates the latest reading, up to 5 s stale, like BL_ProcessUpdate
        energy.integrate(watts, elapsed, now);
        if (config.ntp()) {
            energy.observeDate(now.atOffset(config.utcOffset()).toLocalDate(), now);
        }
    }

    private void publishSensors(List<Publication> out) {
        double apparent = volts * amps;
        double reactive = apparent > Math.abs(watts) ? Math.sqrt(apparent * apparent - watts * watts) : 0;
        double pf = apparent == 0 ? 1 : watts / apparent;
        offer(out, "voltage", volts, 1);
        offer(out, "current", amps, 3);
        offer(out, "power", watts, 2);
        offer(out, "power_apparent", apparent, 2);
        offer(out, "power_reactive", reactive, 2);
        offer(out, "power_factor", pf, 2);
        offer(out, "energycounter", energyForPublish(), 3);
        if (config.ntp()) {
            String[] days = {"energycounter_today", "energycounter_yesterday", "energycounter_2_days_ago",
                    "energycounter_3_days_ago"};
            for (int i = 0; i < days.length; i++) {
                offer(out, days[i], energy.dayMilliWh(i) / 1000.0, 3);
            }
        }
        if (sensors.get("energycounter_clear_date").offer(clearedAt.getEpochSecond())) {
            out.add(sensorPublication("energycounter_clear_date",
                    CLEAR_DATE.format(clearedAt.atOffset(config.utcOffset()))));
        }
    }

    private void offer(List<Publication> out, String name, double value, int decimals) {
        if (sensors.get(name).offer(value)) {
            out.add(sensorPublication(name, fixed(value, decimals)));
        }
    }

    private double energyForPublish() {
        double wh = energy.totalMilliWh() / 1000.0;
        return flags.isOn(MeterFlags.ENERGY_IN_KWH) ? wh / 1000.0 : wh;
    }

    // sensors go out QoS 0, not retained (OBK_PUBLISH_FLAG_QOS_ZERO)
    private Publication sensorPublication(String name, String payload) {
        return new Publication(channelTopic(name), payload, 0, false);
    }

    private String channelTopic(String name) {
        return config.topic() + "/" + name + (flags.isOn(MeterFlags.NO_GET_SUFFIX) ? "" : "/get");
    }

    private Publication relayPublication() {
        return new Publication(channelTopic(String.valueOf(RELAY_CHANNEL)), relayOn ? "1" : "0", 1, false);
    }

    private void startSweep() {
        sweep.clear();
        sweep.addAll(List.of(SweepItem.values()));
    }

    private void sweepStep(List<Publication> out, Instant now) {
        SweepItem item = sweep.poll();
        if (item == null) {
            return;
        }
        String t = config.topic() + "/";
        switch (item) {
            case HOST:
                out.add(info(t + "host", config.topic().value()));
                break;
            case BUILD:
                out.add(info(t + "build", build.mqttBuildString()));
                break;
            case MAC:
                out.add(info(t + "mac", config.mac().value()));
                break;
            case TEMP:
                out.add(info(t + "temp", fixed(42 + noise.nextDouble() * 4, 2)));
                break;
            case SSID:
                out.add(info(t + "ssid", config.ssid()));
                break;
            case DATETIME:
                out.add(info(t + "datetime", String.valueOf(deviceTime(now).getEpochSecond())));
                break;
            case SOCKETS:
                out.add(info(t + "sockets", "3"));
                break;
            case RSSI:
                out.add(info(t + "rssi", String.valueOf(rssi)));
                break;
            case UPTIME:
                out.add(info(t + "uptime", String.valueOf(uptimeSeconds)));
                break;
            case FREEHEAP:
                out.add(info(t + "freeheap", String.valueOf(freeHeap)));
                break;
            case IP:
                out.add(info(t + "ip", config.ip()));
                break;
            case CHANNELS:
                out.add(relayPublication());
                break;
            default:
                break; // CUSTOM: the queued-publish slot costs its second even when empty
        }
    }

    private static Publication info(String topic, String payload) {
        return new Publication(topic, payload, 1, false);
    }

    private void heartbeat() {
        secondsSinceBroadcast++;
        if (flags.isOn(MeterFlags.HEARTBEAT) && secondsSinceBroadcast >= broadcastIntervalSeconds && sweep.isEmpty()) {
            secondsSinceBroadcast = 0;
            startSweep();
        }
    }

    private void tasmotaTele(List<Publication> out, Instant now) {
        if (!flags.isOn(MeterFlags.TASMOTA_TELE)) {
            return;
        }
        String time = TASMOTA_TIME.format(deviceTime(now).atOffset(config.utcOffset()));
        if (uptimeSeconds % TELE_SENSOR_SECONDS == 0) {
            double apparent = volts * amps;
            String json = String.format(Locale.ROOT, "{\"Time\":\"%s\",\"ENERGY\":{\"Power\":%.2f,"
                            + "\"ApparentPower\":%.2f,\"Voltage\":%.1f,\"Current\":%.3f,\"ConsumptionTotal\":%.3f,"
                            + "\"Yesterday\":%.3f,\"ConsumptionLastHour\":0.000}}",
                    time, watts, apparent, volts, amps, energy.totalMilliWh() / 1000.0,
                    config.ntp() ? energy.dayMilliWh(1) / 1000.0 : 0.0);
            out.add(new Publication("tele/" + config.topic() + "/SENSOR", json, 0, false));
        }
        if (uptimeSeconds % TELE_STATE_SECONDS == 0) {
            String json = String.format(Locale.ROOT, "{\"Time\":\"%s\",\"UptimeSec\":%d,\"Heap\":%d,"
                    + "\"POWER\":\"%s\",\"Wifi\":{\"RSSI\":%d,\"Signal\":%d}}", time, uptimeSeconds, freeHeap / 1024,
                    relayOn ? "ON" : "OFF", Math.min(100, 2 * (rssi + 100)), rssi);
            out.add(new Publication("tele/" + config.topic() + "/STATE", json, 0, false));
        }
    }

    // without NTP the firmware clock starts at 1970 on every boot
    private Instant deviceTime(Instant now) {
        return config.ntp() ? now : Instant.EPOCH.plusSeconds(uptimeSeconds);
    }

    private List<Publication> console(String command, String args, Instant now) {
        switch (command.toLowerCase(Locale.ROOT)) {
            case "power":
            case "power1":
                if (args.isEmpty()) {
                    return connected ? powerReplies() : List.of();
                }
                boolean on = args.equalsIgnoreCase("toggle") ? !relayOn
                        : args.equalsIgnoreCase("on") || args.equals("1");
                return setRelay(on);
            case "restart":
                requestReboot(now);
                return List.of();
            case "energycntreset":
                long milliWh = args.isEmpty() ? 0 : Math.round(Double.parseDouble(args) * 1000);
                energy.reset(Math.max(0, milliWh), now);
                clearedAt = deviceTime(now);
                return List.of();
            case "setflag":
                String[] parts = args.split("\\s+");
                if (parts.length == 2) {
                    flags.set(Integer.parseInt(parts[0]), !parts[1].equals("0"));
                }
                return List.of();
            case "mqtt_broadcastinterval":
                broadcastIntervalSeconds = Math.max(1, Integer.parseInt(args));
                return List.of();
            case "publishall":
                startSweep();
                sensors.values().forEach(ChangeThrottle::force);
                return List.of();
            case "ota_http":
                return otaHttp(args);
            default:
                return List.of(); // OpenBeken logs "unknown command" and answers nothing over MQTT
        }
    }

    private List<Publication> otaHttp(String url) {
        if (phase != MeterPhase.RUNNING || pendingTransition != null) {
            return List.of(); // "http in progress"
        }
        try {
            URI uri = new URI(url);
            if (!"http".equalsIgnoreCase(uri.getScheme())) {
                return List.of(); // no HTTPS client; the request never starts
            }
            if (config.ota().fault() == OtaFault.SWALLOWS_COMMAND) {
                return List.of(); // accepted, never fetched: the meter stays online as before
            }
            phase = MeterPhase.DOWNLOADING;
            pendingTransition = new MeterTransition.Download(uri);
        } catch (URISyntaxException e) {
            return List.of();
        }
        return List.of();
    }

    private List<Publication> setRelay(boolean on) {
        relayOn = on;
        return connected ? powerReplies() : List.of();
    }

    private List<Publication> powerReplies() {
        List<Publication> out = new ArrayList<>(List.of(relayPublication()));
        if (flags.isOn(MeterFlags.TASMOTA_TELE)) {
            out.add(new Publication("stat/" + config.topic() + "/POWER", relayOn ? "ON" : "OFF", 0, false));
        }
        return out;
    }

    private static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
