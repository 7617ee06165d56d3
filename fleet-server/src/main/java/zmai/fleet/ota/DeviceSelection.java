package zmai.fleet.ota;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import zmai.core.firmware.FirmwareVersion;
import zmai.core.firmware.VersionRange;
import zmai.core.meter.ChipFamily;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Turns a rollout request's explicit ids or filter into devices, ordered by id, none of them busy elsewhere. */
@ApplicationScoped
public class DeviceSelection {

    static final int MAX_EXPLICIT = 50_000;
    private static final int NAMED_IN_ERRORS = 10;

    /** A device a rollout would update. */
    record Candidate(long pk, String id) {
    }

    List<Candidate> resolve(Connection c, RolloutRequest r, ChipFamily imageChip) throws SQLException {
        if ((r.devices() == null) == (r.filter() == null)) {
            throw new IllegalArgumentException("give either 'devices' (a list of device ids) or 'filter'");
        }
        List<Candidate> selected = r.devices() != null ? explicit(c, r.devices()) : filtered(c, r.filter(), imageChip);
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("the selection matches no device");
        }
        return selected;
    }

    private static List<Candidate> explicit(Connection c, List<String> ids) throws SQLException {
        Set<String> wanted = new LinkedHashSet<>();
        for (String id : ids) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("'devices' holds an empty id");
            }
            wanted.add(id.strip());
        }
        if (wanted.size() > MAX_EXPLICIT) {
            throw new IllegalArgumentException("at most " + MAX_EXPLICIT + " devices may be named; use a filter");
        }
        List<Candidate> found = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT pk, id FROM device WHERE id = ANY (?) ORDER BY id")) {
            s.setArray(1, c.createArrayOf("text", wanted.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(new Candidate(rs.getLong(1), rs.getString(2)));
                }
            }
        }
        found.forEach(f -> wanted.remove(f.id()));
        if (!wanted.isEmpty()) {
            throw new IllegalArgumentException("no device with id " + named(List.copyOf(wanted)));
        }
        return found;
    }

    private static List<Candidate> filtered(Connection c, RolloutRequest.Filter f, ChipFamily imageChip)
            throws SQLException {
        List<String> tags = Objects.requireNonNullElse(f.tags(), List.of());
        if (tags.stream().anyMatch(t -> t == null || t.isBlank())) {
            throw new IllegalArgumentException("'filter.tags' holds an empty tag");
        }
        Optional<VersionRange> range = Optional.ofNullable(f.version()).map(VersionRange::parse);
        ChipFamily chip = f.chip() == null ? imageChip : ChipFamily.fromName(f.chip()).orElseThrow(
                () -> new IllegalArgumentException("'filter.chip' is not a chip family: '" + f.chip() + "'"));
        List<Candidate> found = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT pk, id, firmware_version FROM device WHERE tags @> ? AND chip = ? ORDER BY id")) {
            s.setArray(1, c.createArrayOf("text", tags.toArray()));
            s.setString(2, chip.name());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (range.isEmpty() || admits(range.get(), rs.getString(3))) {
                        found.add(new Candidate(rs.getLong(1), rs.getString(2)));
                    }
                }
            }
        }
        return found;
    }

    private static boolean admits(VersionRange range, String version) {
        try {
            return version != null && range.admits(FirmwareVersion.parse(version));
        } catch (IllegalArgumentException e) {
            return false; // a version we cannot read is in no range
        }
    }

    /** Refuses devices that another rollout holds: one update at a time per device. */
    static void requireFree(Connection c, List<Candidate> devices) throws SQLException {
        List<String> busy = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT rd.device_id, r.id FROM rollout_device rd JOIN rollout r ON r.pk = rd.rollout_pk
                WHERE rd.device_pk = ANY (?) AND (r.state IN ('READY', 'RUNNING', 'PAUSED')
                    OR rd.state IN """ + RolloutStore.ACTIVE_DEVICE_STATES + ") ORDER BY rd.device_id")) {
            s.setArray(1, c.createArrayOf("bigint", devices.stream().map(Candidate::pk).toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    busy.add(rs.getString(1) + " (rollout " + rs.getString(2) + ")");
                }
            }
        }
        if (!busy.isEmpty()) {
            throw new WebApplicationException(busy.size() + " of the devices belong to another rollout that is not"
                    + " over: " + named(busy) + "; cancel it or let it finish first", Response.Status.CONFLICT);
        }
    }

    private static String named(List<String> items) {
        String shown = String.join(", ", items.subList(0, Math.min(NAMED_IN_ERRORS, items.size())));
        return items.size() > NAMED_IN_ERRORS ? shown + " and " + (items.size() - NAMED_IN_ERRORS) + " more" : shown;
    }
}
