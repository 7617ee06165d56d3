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
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
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
        Instant[] bounds = LocalSteps.boundaries(start, end, zone, step, MAX_STEPS);
        long[] mwh;
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     SELECT b.start, b.mwh FROM assignment a
                     JOIN energy_bucket b ON b.device_pk = a.device_pk
                         AND b.start >= greatest(?, a.valid_from) AND b.start < least(?, coalesce(a.valid_to, 'infinity'))
                     WHERE a.circuit_pk = ?""")) {
            s.setTimestamp(1, Timestamp.from(start));
            s.setTimestamp(2, Timestamp.from(end));
            s.setLong(3, circuit.pk);
            mwh = LocalSteps.sumPerInterval(s, bounds);
        }
        List<Interval> intervals = new ArrayList<>(mwh.length);
        long total = 0;
        for (int i = 0; i < mwh.length; i++) {
            intervals.add(new Interval(bounds[i], bounds[i + 1], MilliWattHours.formatWattHours(mwh[i])));
            total = Math.addExact(total, mwh[i]);
        }
        return new Series(circuit.name, circuit.timezone, step, MilliWattHours.formatWattHours(total), intervals);
    }
}
