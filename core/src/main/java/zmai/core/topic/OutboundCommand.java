package zmai.core.topic;

import zmai.core.Abbreviated;
import zmai.core.meter.DeviceTopic;

import java.math.BigDecimal;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * A message the server publishes to one device. Factories take a {@link DeviceTopic}, never a group topic: a
 * command to a group fans out to every device of a chip family (spec §1.10.5).
 */
public record OutboundCommand(String topic, String payload) {

    /** OpenBeken copies the arguments of a command into a fixed buffer; keep well below it. */
    public static final int MAX_ARGUMENTS_LENGTH = 512;
    public static final int MAX_FLAG = 127;

    public OutboundCommand {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }

    /** {@code cmnd/<t>/<command>} with the arguments as payload, as typed on the device console. */
    public static OutboundCommand console(DeviceTopic device, String command, String arguments) {
        Objects.requireNonNull(device, "device");
        requireCommandName(command);
        String args = Objects.requireNonNullElse(arguments, "");
        if (args.length() > MAX_ARGUMENTS_LENGTH || args.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("command arguments are too long or hold control characters: '"
                    + Abbreviated.of(args) + "'");
        }
        return new OutboundCommand("cmnd/" + device.value() + "/" + command, args);
    }

    /** Tasmota syntax, understood by both firmwares. */
    public static OutboundCommand power(DeviceTopic device, boolean on) {
        return console(device, "POWER", on ? "ON" : "OFF");
    }

    /** OpenBeken fetches the image itself, over plain HTTP only: it has no HTTPS client (spec §2.2). */
    public static OutboundCommand otaHttp(DeviceTopic device, URI imageUrl) {
        Objects.requireNonNull(imageUrl, "imageUrl");
        if (!"http".equalsIgnoreCase(imageUrl.getScheme()) || imageUrl.getHost() == null) {
            throw new IllegalArgumentException("OpenBeken downloads firmware over plain http:// only, not '"
                    + Abbreviated.of(imageUrl.toString()) + "'");
        }
        return console(device, "ota_http", imageUrl.toASCIIString());
    }

    public static OutboundCommand restart(DeviceTopic device) {
        return console(device, "restart", "");
    }

    /** Zeroes the energy counter, or sets it to {@code wh}; the device stamps a new clear date. */
    public static OutboundCommand energyCounterReset(DeviceTopic device, Optional<BigDecimal> wh) {
        Objects.requireNonNull(wh, "wh");
        if (wh.isPresent() && wh.get().signum() < 0) {
            throw new IllegalArgumentException("an energy counter cannot be set below zero: " + wh.get());
        }
        return console(device, "EnergyCntReset", wh.map(BigDecimal::toPlainString).orElse(""));
    }

    public static OutboundCommand setFlag(DeviceTopic device, int flag, boolean on) {
        if (flag < 0 || flag > MAX_FLAG) {
            throw new IllegalArgumentException("OpenBeken flags are numbered 0.." + MAX_FLAG + ", not " + flag);
        }
        return console(device, "SetFlag", flag + " " + (on ? 1 : 0));
    }

    /** {@code <t>/<n>/get} with an empty payload asks the device to republish channel n. */
    public static OutboundCommand requestChannel(DeviceTopic device, int channel) {
        Objects.requireNonNull(device, "device");
        if (channel < 0) {
            throw new IllegalArgumentException("channels are numbered from 0, not " + channel);
        }
        return new OutboundCommand(device.value() + "/" + channel + "/get", "");
    }

    private static void requireCommandName(String command) {
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("command is empty");
        }
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '/' || c == '+' || c == '#' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException("a command cannot contain '/', '+', '#', whitespace or control"
                        + " characters: '" + Abbreviated.of(command) + "'");
            }
        }
    }
}
