package zmai.fleet.audit;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The database itself refuses to change or remove audit entries, whatever SQL reaches it. */
@QuarkusTest
class AuditAppendOnlyTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void entriesCanBeAppendedAndRead() throws SQLException {
        String subject = "append-" + UUID.randomUUID();
        try (Connection c = dataSource.getConnection()) {
            AuditLog.append(c, Instant.now(), "tester", "probe", subject, "");
            assertEquals(1, count(c, "audit_log", subject));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "UPDATE audit_log SET actor = 'someone else' WHERE subject = '%s'",
            "DELETE FROM audit_log WHERE subject = '%s'",
            "TRUNCATE audit_log",
            "UPDATE command_audit SET payload = 'other' WHERE device_id = '%s'",
            "DELETE FROM command_audit WHERE device_id = '%s'",
            "TRUNCATE command_audit"})
    void changingOrRemovingAnEntryIsRefused(String statement) throws SQLException {
        String subject = "kept-" + UUID.randomUUID();
        try (Connection c = dataSource.getConnection()) {
            AuditLog.append(c, Instant.now(), "tester", "probe", subject, "original");
            execute(c, "INSERT INTO command_audit (at, actor, device_id, topic, payload)"
                    + " VALUES (now(), 'tester', '" + subject + "', 't', 'original')");

            SQLException refused = assertThrows(SQLException.class, () -> execute(c, statement.formatted(subject)));
            assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
            assertEquals("42501", refused.getSQLState());

            assertEquals(1, count(c, "audit_log", subject));
            assertEquals(1, count(c, "command_audit", subject));
            assertEquals(1, countWhere(c, "audit_log", "subject = '" + subject + "' AND detail = 'original'"));
            assertEquals(1, countWhere(c, "command_audit", "device_id = '" + subject + "' AND payload = 'original'"));
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(Connection c, String table, String subject) throws SQLException {
        return countWhere(c, table, (table.equals("audit_log") ? "subject" : "device_id") + " = '" + subject + "'");
    }

    private static long countWhere(Connection c, String table, String condition) throws SQLException {
        try (Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM " + table + " WHERE " + condition)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
