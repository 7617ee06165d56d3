package zmai.fleet.ota;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the image server records of each download, on the device's row of its rollout: when the first GET came,
 * how far the bytes went, and how it ended. The rollout engine turns these facts into state changes.
 */
@ApplicationScoped
public class ImageDownloads {

    /** Images held in memory for serving; a rollout rarely uses more than one or two. */
    private static final int CACHED_IMAGES = 8;

    /** A device of a rollout may fetch its image now. */
    record Grant(long rolloutPk, long devicePk, int attempt, String firmwareId, byte[] image) {
    }

    private final AgroalDataSource dataSource;
    private final Map<String, byte[]> images = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > CACHED_IMAGES;
        }
    });

    ImageDownloads(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The image, if {@code token} names a rollout, {@code deviceId} one of its devices that was told to fetch it
     * and has not ended, and {@code filename} the rollout's file. Marks the download as started.
     */
    Optional<Grant> grant(String token, String deviceId, String filename, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Optional<Grant> grant = find(c, token, deviceId, filename);
            if (grant.isPresent()) {
                update(c, grant.get(), "download_started_at = COALESCE(download_started_at, ?),"
                        + " download_ended_at = NULL", now);
            }
            return grant;
        }
    }

    void progress(Grant g, long reachedByte) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            update(c, g, "bytes_sent = GREATEST(bytes_sent, ?)", reachedByte);
        }
    }

    /** @param complete the last byte of the image went out */
    void ended(Grant g, long reachedByte, boolean complete, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE rollout_device SET bytes_sent = GREATEST(bytes_sent, ?),"
                     + " download_ended_at = ?, download_complete = download_complete OR ?"
                     + " WHERE rollout_pk = ? AND device_pk = ? AND attempt = ?")) {
            s.setLong(1, reachedByte);
            s.setTimestamp(2, Timestamp.from(now));
            s.setBoolean(3, complete);
            s.setLong(4, g.rolloutPk());
            s.setLong(5, g.devicePk());
            s.setInt(6, g.attempt());
            s.executeUpdate();
        }
    }

    /** Downloads this process did not see end were cut off by its stop: they ended when it started again. */
    int endInterrupted(Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE rollout_device SET download_ended_at = ?"
                     + " WHERE download_started_at IS NOT NULL AND download_ended_at IS NULL"
                     + " AND state IN ('COMMANDED', 'DOWNLOADING')")) {
            s.setTimestamp(1, Timestamp.from(now));
            return s.executeUpdate();
        }
    }

    private Optional<Grant> find(Connection c, String token, String deviceId, String filename) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT r.pk, rd.device_pk, rd.attempt, r.firmware_id FROM rollout r
                JOIN rollout_device rd ON rd.rollout_pk = r.pk
                WHERE r.url_token = ? AND rd.device_id = ? AND r.filename = ?
                    AND rd.state IN ('COMMANDED', 'DOWNLOADING')""")) {
            s.setString(1, token);
            s.setString(2, deviceId);
            s.setString(3, filename);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String firmwareId = rs.getString(4);
                return Optional.of(new Grant(rs.getLong(1), rs.getLong(2), rs.getInt(3), firmwareId,
                        image(c, firmwareId)));
            }
        }
    }

    /** The image a push fallback sends, as the same record a fetch gets. */
    Grant push(long rolloutPk, long devicePk, int attempt, String firmwareId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return new Grant(rolloutPk, devicePk, attempt, firmwareId, image(c, firmwareId));
        }
    }

    private byte[] image(Connection c, String firmwareId) throws SQLException {
        byte[] cached = images.get(firmwareId);
        if (cached != null) {
            return cached;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT content FROM firmware WHERE id = ?")) {
            s.setString(1, firmwareId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("firmware " + firmwareId + " of a running rollout is gone");
                }
                byte[] image = rs.getBytes(1);
                images.put(firmwareId, image);
                return image;
            }
        }
    }

    private static void update(Connection c, Grant g, String set, Object value) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE rollout_device SET " + set
                + " WHERE rollout_pk = ? AND device_pk = ? AND attempt = ?")) {
            s.setObject(1, value instanceof Instant i ? Timestamp.from(i) : value);
            s.setLong(2, g.rolloutPk());
            s.setLong(3, g.devicePk());
            s.setInt(4, g.attempt());
            s.executeUpdate();
        }
    }
}
