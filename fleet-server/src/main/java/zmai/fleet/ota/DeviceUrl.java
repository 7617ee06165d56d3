package zmai.fleet.ota;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a meter's own web server is, as a template: {@code http://{ip}} for meters on the network, or any
 * {@code http://} URL with {@code {ip}}, {@code {topic}} or {@code {id}} in it. OpenBeken serves plain HTTP only.
 */
public record DeviceUrl(String template) {

    public DeviceUrl {
        Objects.requireNonNull(template, "template");
    }

    static DeviceUrl parse(String template) {
        String probe = template == null ? "" : template.replace("{ip}", "192.0.2.1").replace("{topic}", "t")
                .replace("{id}", "i");
        URI uri;
        try {
            uri = URI.create(probe);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !"http".equals(uri.getScheme()) || uri.getHost() == null || probe.length() > 500) {
            throw new IllegalArgumentException("'push.deviceUrl' must be an http:// URL such as http://{ip}, not '"
                    + template + "'");
        }
        return new DeviceUrl(template.replaceAll("/+$", ""));
    }

    /** The meter's base URL, or empty when the template needs an address the meter has not reported. */
    Optional<URI> of(String id, String topic, String ip) {
        if (template.contains("{ip}") && ip == null || template.contains("{topic}") && topic == null) {
            return Optional.empty();
        }
        return Optional.of(URI.create(template.replace("{ip}", Objects.requireNonNullElse(ip, ""))
                .replace("{topic}", encode(topic)).replace("{id}", encode(id))));
    }

    private static String encode(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
