package zmai.fleet.energy;

import io.agroal.api.AgroalDataSource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import zmai.core.circuit.Assignment;
import zmai.core.circuit.AssignmentPlan;
import zmai.core.circuit.CircuitEnergy;
import zmai.core.energy.MilliWattHours;
import zmai.core.energy.TimeRange;
import zmai.fleet.config.FleetConfig;
import zmai.fleet.device.Device;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The monthly energy report per circuit, as JSON or CSV. */
@Path("/api/reports/monthly")
public class ReportResource {

    static final String CSV = "text/csv";

    private final AgroalDataSource dataSource;
    private final Duration grace;

    ReportResource(AgroalDataSource dataSource, FleetConfig config) {
        this.dataSource = dataSource;
        this.grace = config.energy().gracePeriod();
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @RolesAllowed("viewer")
    public Response monthly(@QueryParam("month") String month, @QueryParam("format") String format,
                            @HeaderParam("Accept") String accept) throws SQLException {
        YearMonth yearMonth = Params.parse(month);
        MonthlyReport report = report(yearMonth, Instant.now());
        boolean csv = "csv".equalsIgnoreCase(format) || format == null && accept != null
                && accept.toLowerCase(Locale.ROOT).startsWith(CSV);
        return csv ? Response.ok(csvOf(report), CSV + "; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"energy-" + yearMonth + ".csv\"").build()
                : Response.ok(report, MediaType.APPLICATION_JSON).build();
    }

    MonthlyReport report(YearMonth month, Instant now) throws SQLException {
        List<Circuit> circuits = Circuit.listAll(io.quarkus.panache.common.Sort.by("name"));
        List<Assignment> assignments = new ArrayList<>();
        Map<Long, String> deviceIds = new HashMap<>();
        for (CircuitAssignment a : CircuitAssignment.<CircuitAssignment>listAll()) {
            String deviceId = deviceIds.computeIfAbsent(a.devicePk, pk -> Device.<Device>findById(pk).id);
            assignments.add(a.toCore(deviceId));
        }
        AssignmentPlan plan = AssignmentPlan.of(assignments);
        Map<Long, Long> energy = energyByCircuit(circuits, month);
        List<MonthlyReport.Line> lines = new ArrayList<>();
        for (Circuit circuit : circuits) {
            // core's circuit arithmetic gives the gaps; the sum itself comes from the database
            CircuitEnergy coverage = CircuitEnergy.ofMonth(circuit.toCore(), month, plan, Map.of());
            long mwh = energy.getOrDefault(circuit.pk, 0L);
            TimeRange range = coverage.range();
            String status = now.isAfter(range.end().plus(grace)) ? "final" : "provisional";
            lines.add(new MonthlyReport.Line(circuit.name, circuit.timezone, MilliWattHours.formatWattHours(mwh), mwh,
                    status, coverage.unmetered().stream().map(g -> new MonthlyReport.Gap(g.start(), g.end())).toList()));
        }
        return new MonthlyReport(month.toString(), lines);
    }

    /** Each circuit's month, read from its roll-up (kept equal to the sum of its meters' buckets). */
    private Map<Long, Long> energyByCircuit(List<Circuit> circuits, YearMonth month) throws SQLException {
        Map<Long, Long> energy = new HashMap<>();
        if (circuits.isEmpty()) {
            return energy;
        }
        Long[] pks = new Long[circuits.size()];
        Timestamp[] starts = new Timestamp[circuits.size()];
        for (int i = 0; i < circuits.size(); i++) {
            pks[i] = circuits.get(i).pk;
            starts[i] = Timestamp.from(TimeRange.of(month, circuits.get(i).toCore().zone()).start());
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     SELECT r.circuit_pk, r.mwh FROM circuit_rollup r
                     JOIN unnest(?::bigint[], ?::timestamptz[]) AS m (circuit_pk, start)
                         ON r.circuit_pk = m.circuit_pk AND r.start = m.start
                     WHERE r.step = 'm'""")) {
            s.setArray(1, c.createArrayOf("bigint", pks));
            s.setArray(2, c.createArrayOf("timestamptz", starts));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    energy.put(rs.getLong(1), rs.getLong(2));
                }
            }
        }
        return energy;
    }

    static String csvOf(MonthlyReport report) {
        StringBuilder out = new StringBuilder("circuit,month,timezone,energy_kwh,energy_wh,status,unmetered_hours\n");
        for (MonthlyReport.Line line : report.circuits()) {
            long unmeteredSeconds = line.unmetered().stream()
                    .mapToLong(g -> Duration.between(g.from(), g.to()).toSeconds()).sum();
            out.append(csvField(line.circuit())).append(',').append(report.month()).append(',')
                    .append(line.timezone()).append(',').append(MilliWattHours.formatKilowattHours(line.energyMwh()))
                    .append(',').append(line.energyWh()).append(',').append(line.status()).append(',')
                    .append(java.math.BigDecimal.valueOf(unmeteredSeconds).divide(java.math.BigDecimal.valueOf(3600),
                            2, java.math.RoundingMode.HALF_EVEN).toPlainString())
                    .append('\n');
        }
        return out.toString();
    }

    private static String csvField(String text) {
        return text.contains(",") || text.contains("\"") || text.contains("\n")
                ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
