package zmai.fleet.energy;

import io.agroal.api.AgroalDataSource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import zmai.core.energy.MilliWattHours;
import zmai.core.energy.TimeRange;
import zmai.fleet.device.Device;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A meter's month checked three ways: the energy each counter epoch counted against how far the counter moved in
 * it, how many decisions were rewinds, resets and glitches, and the meter's own daily counter beside ours.
 */
@Path("/api/devices/{id}/energy-check")
@Produces(MediaType.APPLICATION_JSON)
public class EnergyCheckResource {

    /** {@code countedWh} equals {@code movementWh} unless energy was counted that the counter never showed. */
    public record Epoch(int epoch, String countedWh, String movementWh, boolean consistent) {
    }

    /** {@code meterWh} is the meter's own {@code energycounter_today} at the end of the day, when it sent one. */
    public record Day(LocalDate day, String bucketsWh, String meterWh) {
    }

    public record Check(String device, String month, String zone, List<Epoch> epochs, Map<String, Long> decisions,
                        List<Day> days) {
    }

    private final AgroalDataSource dataSource;

    EnergyCheckResource(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @GET
    @RolesAllowed("viewer")
    public Check check(@PathParam("id") String id, @QueryParam("month") String month,
                       @QueryParam("zone") @DefaultValue("UTC") String zoneName) throws SQLException {
        Device device = Device.byId(id).orElseThrow(() -> new NotFoundException("no device with id '" + id + "'"));
        YearMonth yearMonth = Params.parse(month);
        ZoneId zone = Params.zone(zoneName);
        TimeRange range = TimeRange.of(yearMonth, zone);
        try (Connection c = dataSource.getConnection()) {
            return new Check(device.id, yearMonth.toString(), zone.getId(), epochs(c, device.pk, range),
                    decisions(c, device.pk, range), days(c, device.pk, range, zone));
        }
    }

    private static List<Epoch> epochs(Connection c, long devicePk, TimeRange range) throws SQLException {
        List<Epoch> epochs = new ArrayList<>();
        try (PreparedStatement s = prepare(c, """
                SELECT epoch, sum(energy_mwh)::bigint, max(to_mwh) - min(from_mwh)
                FROM energy_event WHERE device_pk = ? AND register = 'energy_total' AND at >= ? AND at < ?
                    AND energy_mwh > 0
                GROUP BY epoch ORDER BY epoch""", devicePk, range)) {
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long counted = rs.getLong(2);
                    long movement = rs.getLong(3);
                    epochs.add(new Epoch(rs.getInt(1), MilliWattHours.formatWattHours(counted),
                            MilliWattHours.formatWattHours(movement), counted == movement));
                }
            }
        }
        return epochs;
    }

    private static Map<String, Long> decisions(Connection c, long devicePk, TimeRange range) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (PreparedStatement s = prepare(c, "SELECT kind, count(*) FROM energy_event WHERE device_pk = ?"
                + " AND register = 'energy_total' AND at >= ? AND at < ? GROUP BY kind", devicePk, range)) {
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    private static List<Day> days(Connection c, long devicePk, TimeRange range, ZoneId zone) throws SQLException {
        Map<LocalDate, Long> buckets = new TreeMap<>();
        Map<LocalDate, Long> meter = new TreeMap<>();
        try (PreparedStatement s = prepare(c, "SELECT start, mwh FROM energy_bucket WHERE device_pk = ?"
                + " AND start >= ? AND start < ?", devicePk, range)) {
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    buckets.merge(rs.getTimestamp(1).toInstant().atZone(zone).toLocalDate(), rs.getLong(2), Long::sum);
                }
            }
        }
        // the meter's own "today" counter, last value of each local day; its day is the meter's clock's day,
        // which is the circuit's only if the meter keeps that zone
        try (PreparedStatement s = prepare(c, "SELECT at, value_mwh FROM energy_reading WHERE device_pk = ?"
                + " AND register = 'energy_today' AND at >= ? AND at < ? ORDER BY at", devicePk, range)) {
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    meter.put(rs.getTimestamp(1).toInstant().atZone(zone).toLocalDate(), rs.getLong(2));
                }
            }
        }
        List<Day> days = new ArrayList<>();
        TreeMap<LocalDate, Boolean> all = new TreeMap<>();
        buckets.keySet().forEach(d -> all.put(d, true));
        meter.keySet().forEach(d -> all.put(d, true));
        for (LocalDate day : all.keySet()) {
            days.add(new Day(day, MilliWattHours.formatWattHours(buckets.getOrDefault(day, 0L)),
                    meter.containsKey(day) ? MilliWattHours.formatWattHours(meter.get(day)) : null));
        }
        return days;
    }

    private static PreparedStatement prepare(Connection c, String sql, long devicePk, TimeRange range)
            throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        s.setLong(1, devicePk);
        s.setTimestamp(2, Timestamp.from(range.start()));
        s.setTimestamp(3, Timestamp.from(range.end()));
        return s;
    }
}
