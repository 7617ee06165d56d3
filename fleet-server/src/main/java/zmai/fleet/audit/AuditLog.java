package zmai.fleet.audit;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Who did what to rollouts and firmware. Entries are written on the caller's connection, in the transaction of
 * the change they record, so a change is never without its entry; nothing updates or deletes them.
 */
@ApplicationScoped
public class AuditLog {

    /** What the rollout engine itself decides (an automatic pause, a finished rollout) is signed with this. */
    public static final String ENGINE = "rollout-engine";

    public record Entry(Instant at, String actor, String action, String subject, String detail) {
    }

    private final AgroalDataSource dataSource;

    AuditLog(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public static void append(Connection c, Instant at, String actor, String action, String subject, String detail)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)")) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setString(2, actor);
            s.setString(3, action);
            s.setString(4, subject);
            s.setString(5, detail);
            s.executeUpdate();
        }
    }

    /** The newest entries first, optionally only before {@code before}. */
    public List<Entry> newest(int limit, Instant before) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT at, actor, action, subject, detail FROM audit_log"
                     + " WHERE at < ? ORDER BY at DESC, pk DESC LIMIT ?")) {
            s.setTimestamp(1, Timestamp.from(before));
            s.setInt(2, limit);
            List<Entry> entries = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    entries.add(new Entry(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5)));
                }
            }
            return entries;
        }
    }
}
