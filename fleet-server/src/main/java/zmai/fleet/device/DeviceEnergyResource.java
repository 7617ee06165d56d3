package zmai.fleet.device;

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
import zmai.fleet.energy.LocalSteps;
import zmai.fleet.energy.Params;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One meter's counted energy over a range, in quarter hours, hours or days of a chosen zone, with the average
 * power of each interval: what a "power over the last day" or "energy per day" chart draws.
 */
@Path("/api/devices/{id}/energy")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceEnergyResource {

    static final int MAX_INTERVALS = 10_000;
    // the API's step names, each with the range shown when none is given
    private static final Map<String, Duration> DEFAULT_SPANS = Map.of("15m", Duration.ofHours(24),
            "h", Duration.ofHours(24), "d", Duration.ofDays(30));

    public record Interval(Instant start, Instant end, String energyWh, String averageW) {
    }

    public record Series(String device, String zone, String step, String totalWh, List<Interval> intervals) {
    }

    private final AgroalDataSource dataSource;
    private final Clock clock = Clock.systemUTC();

    DeviceEnergyResource(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @GET
    @RolesAllowed("viewer")
    public Series energy(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to,
                         @QueryParam("step") @DefaultValue("h") String step,
                         @QueryParam("zone") @DefaultValue("UTC") String zoneName) throws SQLException {
        if (!DEFAULT_SPANS.containsKey(step)) {
            throw new IllegalArgumentException("step must be 15m, h or d, not '" + step + "'");
        }
        ZoneId zone = Params.zone(zoneName);
        Instant end = to == null ? LocalSteps.ceiling(clock.instant(), zone, step) : Params.instantOrDate("to", to, zone);
        Instant start = from == null ? defaultStart(end, zone, step) : Params.instantOrDate("from", from, zone);
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("'to' must be after 'from'");
        }
        Instant[] bounds = LocalSteps.boundaries(start, end, zone, step, MAX_INTERVALS);
        long[] mwh;
        try (Connection c = dataSource.getConnection()) {
            long pk = devicePk(c, id);
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT start, mwh FROM energy_bucket WHERE device_pk = ? AND start >= ? AND start < ?")) {
                s.setLong(1, pk);
                s.setTimestamp(2, Timestamp.from(start));
                s.setTimestamp(3, Timestamp.from(end));
                mwh = LocalSteps.sumPerInterval(s, bounds);
            }
        }
        List<Interval> intervals = new ArrayList<>(mwh.length);
        long total = 0;
        for (int i = 0; i < mwh.length; i++) {
            intervals.add(new Interval(bounds[i], bounds[i + 1], MilliWattHours.formatWattHours(mwh[i]),
                    averageWatts(mwh[i], Duration.between(bounds[i], bounds[i + 1]))));
            total = Math.addExact(total, mwh[i]);
        }
        return new Series(id, zone.getId(), step, MilliWattHours.formatWattHours(total), intervals);
    }

    // a day back is a local day, so 30 days across a DST change still start at midnight
    private static Instant defaultStart(Instant end, ZoneId zone, String step) {
        Duration span = DEFAULT_SPANS.get(step);
        return step.equals("d") ? end.atZone(zone).minusDays(span.toDays()).toInstant() : end.minus(span);
    }

    /** Watts to two decimals over the interval's real length (a local day may last 23 or 25 hours). */
    static String averageWatts(long mwh, Duration length) {
        // mWh / 1000 * 3600 / seconds = W
        return BigDecimal.valueOf(mwh).multiply(BigDecimal.valueOf(36, 1))
                .divide(BigDecimal.valueOf(length.toMillis()).movePointLeft(3), 2, RoundingMode.HALF_EVEN)
                .toPlainString();
    }

    private static long devicePk(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pk FROM device WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("no device with id '" + id + "'");
                }
                return rs.getLong(1);
            }
        }
    }
}
