package zmai.fleet.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** Starts real PostgreSQL twice on one data directory (as root through {@code unshare -U}). */
class EmbeddedDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void dataSurvivesARestart() throws SQLException {
        EmbeddedDefaults.Database settings = new EmbeddedDefaults.Database(dir.resolve("postgres"), 0);
        try (EmbeddedDatabase first = EmbeddedDatabase.start(settings);
             Connection c = DriverManager.getConnection(first.jdbcUrl(), EmbeddedDatabase.USER, null);
             Statement s = c.createStatement()) {
            assertThat(first.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:").endsWith("/fleet");
            s.execute("CREATE TABLE kept (v TEXT)");
            s.execute("INSERT INTO kept VALUES ('from the first start')");
        }
        try (EmbeddedDatabase second = EmbeddedDatabase.start(settings);
             Connection c = DriverManager.getConnection(second.jdbcUrl(), EmbeddedDatabase.USER, null);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("from the first start");
        }
    }
}
