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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Why a meter's energy is what it is: every decision of the accountant in a month, with its evidence. */
@Path("/api/devices/{id}/energy-events")
@Produces(MediaType.APPLICATION_JSON)
public class EnergyEventResource {

    public record EnergyEvent(Instant at, Instant decidedAt, String kind, int epoch, String fromWh, String toWh,
                              String energyWh, Instant intervalStart, String evidence) {
    }

    private final AgroalDataSource dataSource;

    EnergyEventResource(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @param zone whose month: the device's circuit zone is not implied, so UTC unless given */
    @GET
    @RolesAllowed("viewer")
    public List<EnergyEvent> events(@PathParam("id") String id, @QueryParam("month") String month,
                                    @QueryParam("zone") @DefaultValue("UTC") String zone) throws SQLException {
        Device device = Device.byId(id).orElseThrow(() -> new NotFoundException("no device with id '" + id + "'"));
        TimeRange range = TimeRange.of(Params.parse(month), Params.zone(zone));
        List<EnergyEvent> events = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT at, decided_at, kind, epoch, from_mwh, to_mwh, energy_mwh,"
                     + " interval_start, evidence FROM energy_event WHERE device_pk = ? AND register = ?"
                     + " AND at >= ? AND at < ? ORDER BY at, pk")) {
            s.setLong(1, device.pk);
            s.setString(2, ReadingKey.TOTAL);
            s.setTimestamp(3, Timestamp.from(range.start()));
            s.setTimestamp(4, Timestamp.from(range.end()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    events.add(new EnergyEvent(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant(),
                            rs.getString(3), rs.getInt(4), MilliWattHours.formatWattHours(rs.getLong(5)),
                            MilliWattHours.formatWattHours(rs.getLong(6)), MilliWattHours.formatWattHours(rs.getLong(7)),
                            rs.getTimestamp(8).toInstant(), rs.getString(9)));
                }
            }
        }
        return events;
    }
}
