package zmai.fleet.device;

import io.quarkus.panache.common.Sort;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The listing's filters and sort order as a Panache query. Sort keys are from a fixed list, so no request text
 * ever reaches the query language.
 */
record DeviceFilter(Optional<Boolean> online, Optional<String> firmware, Optional<String> tag, Optional<String> text,
                    String sort) {

    private static final Map<String, String> SORT_COLUMNS = Map.of(
            "id", "id", "name", "name", "topic", "topic", "lastSeen", "lastSeen", "firstSeen", "firstSeen",
            "firmware", "firmwareVersion", "power", "power", "rssi", "rssi", "online", "online", "uptime",
            "uptimeSeconds");

    /** The text a search looks in, written as the trigram index device_search (migration V10) is built. */
    private static final String SEARCHED_TEXT = "lower(id || ' ' || coalesce(topic, '') || ' ' || coalesce(name, '')"
            + " || ' ' || coalesce(mac, '') || ' ' || coalesce(ip, '') || ' ' || coalesce(notes, ''))";

    String query() {
        List<String> clauses = new ArrayList<>();
        online.ifPresent(o -> clauses.add("online = :online"));
        firmware.ifPresent(f -> clauses.add("firmwareVersion = :firmware"));
        tag.ifPresent(t -> clauses.add("array_contains(tags, :tag)"));
        text.ifPresent(t -> clauses.add(SEARCHED_TEXT + " like :text escape '\\'"));
        return clauses.isEmpty() ? "1 = 1" : String.join(" and ", clauses);
    }

    Map<String, Object> parameters() {
        Map<String, Object> p = new HashMap<>();
        online.ifPresent(o -> p.put("online", o));
        firmware.ifPresent(f -> p.put("firmware", f));
        tag.ifPresent(t -> p.put("tag", t));
        text.ifPresent(t -> p.put("text", "%" + likeEscaped(t.toLowerCase(Locale.ROOT)) + "%"));
        return p;
    }

    /** {@code name}, {@code -lastSeen}, or several separated by commas; id breaks ties so paging is stable. */
    Sort order() {
        Sort order = null;
        for (String key : sort.split(",")) {
            String trimmed = key.trim();
            boolean descending = trimmed.startsWith("-");
            String name = descending ? trimmed.substring(1) : trimmed;
            String column = SORT_COLUMNS.get(name);
            if (column == null) {
                throw new IllegalArgumentException("cannot sort by '" + name + "'; use one of "
                        + SORT_COLUMNS.keySet().stream().sorted().toList() + ", with '-' for descending");
            }
            Sort.Direction direction = descending ? Sort.Direction.Descending : Sort.Direction.Ascending;
            order = order == null ? Sort.by(column, direction, Sort.NullPrecedence.NULLS_LAST)
                    : order.and(column, direction, Sort.NullPrecedence.NULLS_LAST);
        }
        return order.and("id");
    }

    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
