package zmai.fleet.firmware;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A stored firmware image; rows are inserted by {@link FirmwareStore} and never changed. */
@Entity
@Table(name = "firmware")
public class Firmware extends PanacheEntityBase {

    @Id
    public String id;
    public String filename;
    public String kind;
    public String chip;
    public String version;
    public long size;
    public String sha256;
    @Column(name = "rbl_encryption")
    public Integer rblEncryption;
    @Column(name = "rbl_compression")
    public Integer rblCompression;
    @Column(name = "rbl_timestamp")
    public Long rblTimestamp;
    @Column(name = "rbl_payload_crc")
    public Long rblPayloadCrc;
    @Column(name = "rbl_raw_hash")
    public Long rblRawHash;
    @Column(name = "rbl_raw_size")
    public Long rblRawSize;
    @Column(name = "rbl_package_size")
    public Long rblPackageSize;
    @Column(name = "uploaded_at")
    public Instant uploadedAt;
    @Column(name = "uploaded_by")
    public String uploadedBy;
    // listing and metadata reads must not pull megabytes of image each
    @Basic(fetch = FetchType.LAZY)
    public byte[] content;
}
