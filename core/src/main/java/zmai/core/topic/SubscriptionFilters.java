package zmai.core.topic;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The MQTT topic filters a server subscribes to so that {@link TopicParser} sees every meter fact of both
 * dialects (spec §1.10).
 */
public final class SubscriptionFilters {

    /**
     * Channels published with flag 50 ({@code <t>/<n>}, no {@code /get}) match only this catch-all. It also brings
     * every two-level topic on the broker, so subscribe to it only for fleets that set flag 50.
     */
    public static final String BARE_CHANNELS = "+/+";

    private SubscriptionFilters() {
    }

    /**
     * OpenBeken: availability, info items, {@code +/+/get}, named sensors without {@code /get} (flag 50), and the
     * Home Assistant sensor discovery configs, which tell the unit of {@code energycounter}.
     */
    public static List<String> openBeken() {
        List<String> filters = new ArrayList<>();
        filters.add("+/" + OpenBekenTopics.AVAILABILITY);
        Stream.concat(OpenBekenTopics.INFO_ITEMS.stream(),
                        Stream.concat(Stream.concat(OpenBekenTopics.QUANTITIES.keySet().stream(),
                                        OpenBekenTopics.REGISTERS.keySet().stream()),
                                Stream.of(OpenBekenTopics.CLEAR_DATE)))
                .sorted()
                .forEach(name -> filters.add("+/" + name));
        filters.add("+/+/get");
        filters.add(HomeAssistantDiscovery.SENSOR_CONFIGS);
        return List.copyOf(filters);
    }

    /**
     * Tasmota, and OpenBeken with flag 30: telemetry, and {@code stat/<t>/RESULT|POWER|POWERn}. Relays are
     * numbered, so {@code stat} needs a wildcard; narrower {@code stat} filters would overlap it, and overlapping
     * subscriptions may deliver a message twice.
     */
    public static List<String> tasmota() {
        return List.of("tele/+/LWT", "tele/+/STATE", "tele/+/SENSOR", "tele/+/INFO1", "tele/+/INFO2", "tele/+/INFO3",
                "stat/+/+");
    }

    public static List<String> bothDialects() {
        List<String> filters = new ArrayList<>(openBeken());
        filters.addAll(tasmota());
        return List.copyOf(filters);
    }
}
