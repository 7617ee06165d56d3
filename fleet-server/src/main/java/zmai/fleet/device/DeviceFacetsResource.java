package zmai.fleet.device;

import io.agroal.api.AgroalDataSource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The values the fleet's filters can take, each with how many meters have it: what a filter menu offers. */
@Path("/api/devices/facets")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceFacetsResource {

    public record Facet(String value, long count) {
    }

    public record Facets(List<Facet> firmware, List<Facet> tags) {
    }

    private final AgroalDataSource dataSource;

    DeviceFacetsResource(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @GET
    @RolesAllowed("viewer")
    public Facets facets() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return new Facets(
                    counted(c, "SELECT firmware_version, count(*) FROM device WHERE firmware_version IS NOT NULL"
                            + " GROUP BY 1 ORDER BY 2 DESC, 1"),
                    counted(c, "SELECT tag, count(*) FROM device, unnest(tags) AS tag GROUP BY 1 ORDER BY 1"));
        }
    }

    private static List<Facet> counted(Connection c, String sql) throws SQLException {
        List<Facet> facets = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                facets.add(new Facet(rs.getString(1), rs.getLong(2)));
            }
        }
        return facets;
    }
}
