package zmai.fleet.firmware;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.hibernate.Session;
import zmai.core.firmware.RblHeader;
import zmai.fleet.audit.AuditLog;
import zmai.fleet.ota.RolloutStore;

import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** The firmware table. Transactions are short: the request body is read and checked before any of them starts. */
@ApplicationScoped
public class FirmwareStore {

    static final int ID_LENGTH = 16;

    /**
     * Stores a checked image, or answers 409 naming the stored copy of the same bytes. The insert itself decides
     * (the SHA-256 is unique), so two simultaneous uploads of one image cannot both succeed.
     */
    @Transactional
    public FirmwareView add(FirmwareCheck.Checked image, byte[] bytes, String by) {
        Optional<RblHeader> h = image.header();
        String id = image.sha256().substring(0, ID_LENGTH);
        int[] inserted = new int[1];
        Firmware.getEntityManager().unwrap(Session.class).doWork(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO firmware (id, filename, kind, chip, version, size, sha256, rbl_encryption,
                        rbl_compression, rbl_timestamp, rbl_payload_crc, rbl_raw_hash, rbl_raw_size,
                        rbl_package_size, uploaded_at, uploaded_by, content)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT DO NOTHING""")) {
                s.setString(1, id);
                s.setString(2, image.name().filename());
                s.setString(3, image.name().kind().code());
                s.setString(4, image.name().chip().name());
                s.setString(5, image.name().version().toString());
                s.setLong(6, bytes.length);
                s.setString(7, image.sha256());
                s.setObject(8, h.map(RblHeader::encryption).orElse(null), Types.INTEGER);
                s.setObject(9, h.map(RblHeader::compression).orElse(null), Types.INTEGER);
                s.setObject(10, h.map(RblHeader::timestamp).orElse(null), Types.BIGINT);
                s.setObject(11, h.map(RblHeader::payloadCrc).orElse(null), Types.BIGINT);
                s.setObject(12, h.map(RblHeader::rawHash).orElse(null), Types.BIGINT);
                s.setObject(13, h.map(RblHeader::rawSize).orElse(null), Types.BIGINT);
                s.setObject(14, h.map(RblHeader::packageSize).orElse(null), Types.BIGINT);
                s.setObject(15, OffsetDateTime.now(ZoneOffset.UTC));
                s.setString(16, by);
                s.setBytes(17, bytes);
                inserted[0] = s.executeUpdate();
            }
            if (inserted[0] == 1) {
                AuditLog.append(c, Instant.now(), by, "firmware.upload", "firmware " + id, image.name().filename());
            }
        });
        Firmware stored = Firmware.<Firmware>find("sha256", image.sha256()).firstResultOptional()
                .orElseThrow(() -> new IllegalStateException("firmware id " + id
                        + " is taken by other bytes"));
        if (inserted[0] == 0) {
            throw new WebApplicationException("this image is stored already as firmware " + stored.id + " ("
                    + stored.filename + ")", Response.Status.CONFLICT);
        }
        return FirmwareView.of(stored);
    }

    /** Stores an image named as a release, checked as an upload is; 409 when the same bytes are stored already. */
    @Transactional
    public FirmwareView addFile(String filename, byte[] bytes, String by) {
        FirmwareName name = FirmwareName.parse(filename, Optional.empty());
        return add(FirmwareCheck.check(name, bytes), bytes, by);
    }

    /** Whether an image of this file name is stored. */
    @Transactional
    public boolean hasFile(String filename) {
        return Firmware.count("filename", filename) > 0;
    }

    @Transactional
    public List<FirmwareView> list() {
        return Firmware.<Firmware>listAll(Sort.by("uploadedAt").descending().and("id")).stream()
                .map(FirmwareView::of).toList();
    }

    @Transactional
    public FirmwareView get(String id) {
        return FirmwareView.of(existing(id));
    }

    /** The file name and the bytes, for a download. */
    @Transactional
    public Download content(String id) {
        Firmware f = existing(id);
        return new Download(f.filename, f.content);
    }

    record Download(String filename, byte[] bytes) {
    }

    /** Refused with 409 while a rollout holds devices for the image or a device is still fetching it. */
    @Transactional
    public void delete(String id, String by) {
        Firmware f = existing(id);
        Firmware.getEntityManager().unwrap(Session.class).doWork(c -> {
            RolloutStore.requireUnused(c, id);
            AuditLog.append(c, Instant.now(), by, "firmware.delete", "firmware " + id, f.filename);
        });
        f.delete();
    }

    private static Firmware existing(String id) {
        Firmware f = Firmware.findById(id);
        if (f == null) {
            throw notFound(id);
        }
        return f;
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("no firmware with id '" + id + "'");
    }
}
