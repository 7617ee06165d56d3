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

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A circuit's energy over a range, in steps of its own local time: quarter hours, hours, days or months. */
@Path("/api/circuits/{id}/energy")
@Produces(MediaType.APPLICATION_JSON)
public class CircuitEnergyResource {

    static final int MAX_STEPS = 50_000;

    public record Interval(Instant start, Instant end, String energyWh) {
    }

    public record Series(String circuit, String timezone, String step, String totalWh, List<Interval> intervals) {
    }

    private final AgroalDataSource dataSource;

    CircuitEnergyResource(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @GET
    @RolesAllowed("viewer")
    public Series energy(@PathParam("id") long id, @QueryParam("from") String from, @QueryParam("to") String to,
                         @QueryParam("step") @DefaultValue("1d") String step) throws SQLException {
        Circuit circuit = Circuit.findById(id);
        if (circuit == null) {
            throw new NotFoundException("no circuit with id " + id);
        }
        ZoneId zone = ZoneId.of(circuit.timezone);
        Instant start = Params.instantOrDate("from", from, zone);
        Instant end = Params.instantOrDate("to", to, zone);
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("'to' must be after 'from'");
        }
        Instant[] bounds = boundaries(start, end, zone, step);
        long[] mwh = new long[bounds.length - 1];
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     SELECT b.start, b.mwh FROM assignment a
                     JOIN energy_bucket b ON b.device_pk = a.device_pk
                         AND b.start >= greatest(?, a.valid_from) AND b.start < least(?, coalesce(a.valid_to, 'infinity'))
                     WHERE a.circuit_pk = ?""")) {
            s.setTimestamp(1, Timestamp.from(start));
            s.setTimestamp(2, Timestamp.from(end));
            s.setLong(3, circuit.pk);
            s.setFetchSize(10_000);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    int slot = Arrays.binarySearch(bounds, rs.getTimestamp(1).toInstant());
                    int interval = slot >= 0 ? slot : -slot - 2;
                    mwh[interval] = Math.addExact(mwh[interval], rs.getLong(2));
                }
            }
        }
        List<Interval> intervals = new ArrayList<>(mwh.length);
        long total = 0;
        for (int i = 0; i < mwh.length; i++) {
            intervals.add(new Interval(bounds[i], bounds[i + 1], MilliWattHours.formatWattHours(mwh[i])));
            total = Math.addExact(total, mwh[i]);
        }
        return new Series(circuit.name, circuit.timezone, step, MilliWattHours.formatWattHours(total), intervals);
    }

    /** Local-time step boundaries from {@code start} to {@code end}; the first and last intervals may be partial. */
    static Instant[] boundaries(Instant start, Instant end, ZoneId zone, String step) {
        List<Instant> bounds = new ArrayList<>();
        bounds.add(start);
        ZonedDateTime cursor = start.atZone(zone);
        while (true) {
            cursor = next(cursor, step);
            if (!cursor.toInstant().isBefore(end)) {
                break;
            }
            bounds.add(cursor.toInstant());
            if (bounds.size() > MAX_STEPS) {
                throw new IllegalArgumentException("more than " + MAX_STEPS + " steps; choose a longer step or a"
                        + " shorter range");
            }
        }
        bounds.add(end);
        return bounds.toArray(Instant[]::new);
    }

    private static ZonedDateTime next(ZonedDateTime t, String step) {
        return switch (step) {
            case "15m" -> t.truncatedTo(ChronoUnit.MINUTES).withMinute(t.getMinute() / 15 * 15).plusMinutes(15);
            case "1h" -> t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            case "1d" -> t.toLocalDate().plusDays(1).atStartOfDay(t.getZone());
            case "1mo" -> t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay(t.getZone());
            default -> throw new IllegalArgumentException("step must be 15m, 1h, 1d or 1mo, not '" + step + "'");
        };
    }
}
