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
import zmai.core.circuit.Circuit;
import zmai.core.circuit.CircuitEnergy;
import zmai.core.energy.MilliWattHours;
import zmai.core.energy.TimeRange;

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
import java.util.Optional;

/** The monthly energy report per circuit, as JSON or CSV. */
@Path("/api/reports/monthly")
public class ReportResource {

    static final String CSV = "text/csv";

    private final AgroalDataSource dataSource;
    private final Finality finality;

    ReportResource(AgroalDataSource dataSource, Finality finality) {
        this.dataSource = dataSource;
        this.finality = finality;
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
        try (Connection c = dataSource.getConnection()) {
            List<CircuitRow> circuits = circuits(c);
            Long[] pks = new Long[circuits.size()];
            Timestamp[] starts = new Timestamp[circuits.size()];
            for (int i = 0; i < circuits.size(); i++) {
                pks[i] = circuits.get(i).pk();
                starts[i] = Timestamp.from(TimeRange.of(month, circuits.get(i).circuit().zone()).start());
            }
            Map<Long, Long> energy = energyByCircuit(c, pks, starts);
            Map<Long, List<MonthlyReport.Adjustment>> adjustments = Adjustments.of(c, pks, starts);
            AssignmentPlan plan = AssignmentPlan.of(assignments(c));
            List<MonthlyReport.Line> lines = new ArrayList<>();
            for (CircuitRow row : circuits) {
                // core's circuit arithmetic gives the gaps; the sum itself comes from the database
                CircuitEnergy coverage = CircuitEnergy.ofMonth(row.circuit(), month, plan, Map.of());
                long mwh = energy.getOrDefault(row.pk(), 0L);
                List<MonthlyReport.Adjustment> changes = adjustments.getOrDefault(row.pk(), List.of());
                boolean isFinal = finality.isFinal(coverage.range(), now);
                long adjusted = MonthlyReport.Adjustment.total(changes);
                lines.add(new MonthlyReport.Line(row.circuit().name(), row.circuit().zone().getId(),
                        MilliWattHours.formatWattHours(mwh), mwh, isFinal ? "final" : "provisional",
                        isFinal ? MilliWattHours.formatWattHours(mwh - adjusted) : null, changes,
                        coverage.unmetered().stream().map(g -> new MonthlyReport.Gap(g.start(), g.end())).toList()));
            }
            return new MonthlyReport(month.toString(), lines);
        }
    }

    private record CircuitRow(long pk, Circuit circuit) {
    }

    private static List<CircuitRow> circuits(Connection c) throws SQLException {
        List<CircuitRow> circuits = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT pk, name, timezone FROM circuit ORDER BY name");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                circuits.add(new CircuitRow(rs.getLong(1),
                        zmai.fleet.energy.Circuit.toCore(rs.getString(2), rs.getString(3))));
            }
        }
        return circuits;
    }

    private static List<Assignment> assignments(Connection c) throws SQLException {
        List<Assignment> assignments = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT d.id, ci.name, a.valid_from, a.valid_to FROM assignment a"
                + " JOIN device d ON d.pk = a.device_pk JOIN circuit ci ON ci.pk = a.circuit_pk");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                Timestamp to = rs.getTimestamp(4);
                assignments.add(new Assignment(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        Optional.ofNullable(to).map(Timestamp::toInstant)));
            }
        }
        return assignments;
    }

    /** Each circuit's month, read from its roll-up (kept equal to the sum of its meters' buckets). */
    private static Map<Long, Long> energyByCircuit(Connection c, Long[] pks, Timestamp[] starts) throws SQLException {
        Map<Long, Long> energy = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("""
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
        StringBuilder out = new StringBuilder(
                "circuit,month,timezone,energy_kwh,energy_wh,status,unmetered_hours,adjustments,adjustment_kwh\n");
        for (MonthlyReport.Line line : report.circuits()) {
            long unmeteredSeconds = line.unmetered().stream()
                    .mapToLong(g -> Duration.between(g.from(), g.to()).toSeconds()).sum();
            out.append(csvField(line.circuit())).append(',').append(report.month()).append(',')
                    .append(line.timezone()).append(',').append(MilliWattHours.formatKilowattHours(line.energyMwh()))
                    .append(',').append(line.energyWh()).append(',').append(line.status()).append(',')
                    .append(java.math.BigDecimal.valueOf(unmeteredSeconds).divide(java.math.BigDecimal.valueOf(3600),
                            2, java.math.RoundingMode.HALF_EVEN).toPlainString())
                    .append(',').append(line.adjustments().size()).append(',')
                    .append(MilliWattHours.formatKilowattHours(line.adjustmentMwh())).append('\n');
        }
        return out.toString();
    }

    private static String csvField(String text) {
        return text.contains(",") || text.contains("\"") || text.contains("\n")
                ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
