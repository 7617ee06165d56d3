package zmai.meter.driver;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import zmai.core.meter.DeviceTopic;
import zmai.core.meter.MacAddress;

/**
 * Who the gateway claims to be on MQTT: its topic (also the client id), MAC, IPv4 and firmware build.
 *
 * @param version  the version in the build string, e.g. {@code 1.18.288}
 * @param builtAt  printed like C's {@code __DATE__ __TIME__}
 */
public record GatewayIdentity(DeviceTopic topic, MacAddress mac, String ip, String version, LocalDateTime builtAt) {

    private static final DateTimeFormatter C_DATE_TIME = DateTimeFormatter.ofPattern("MMM ppd yyyy HH:mm:ss", Locale.ENGLISH);

    /** {@code OpenBK7231N 1.18.288 Mar  1 2025 10:11:12}: OpenBeken's format since PR #1107. */
    public String build() {
        return "OpenBK7231N " + version + " " + C_DATE_TIME.format(builtAt);
    }
}
