-- Firmware images operators uploaded: OTA packages (.rbl) for rollouts and serial images for the flasher. The
-- bytes live in the row (at most a few MB each), so the database backup holds them too.
-- The id is the first 16 hex digits of the SHA-256: stable, and the same for the same bytes on every server.
CREATE TABLE firmware (
    id                   TEXT        PRIMARY KEY,
    filename             TEXT        NOT NULL,
    kind                 TEXT        NOT NULL CHECK (kind IN ('ota', 'serial')),
    chip                 TEXT        NOT NULL,
    version              TEXT        NOT NULL,
    size                 BIGINT      NOT NULL CHECK (size > 0),
    sha256               TEXT        NOT NULL UNIQUE,
    -- RBL header fields (bootloader spec §8.4); null for serial images, which have no header
    rbl_encryption       INTEGER,
    rbl_compression      INTEGER,
    rbl_timestamp        BIGINT,
    rbl_payload_crc      BIGINT,
    rbl_raw_hash         BIGINT,
    rbl_raw_size         BIGINT,
    rbl_package_size     BIGINT,
    uploaded_at          TIMESTAMPTZ NOT NULL,
    uploaded_by          TEXT        NOT NULL,
    content              BYTEA       NOT NULL,
    CHECK ((kind = 'ota') = (rbl_package_size IS NOT NULL))
);
