-- Every meter the fleet has heard of. `pk` never changes; `id` is the public key: the MAC without colons once the
-- device has reported it, `topic:<t>` before that.
CREATE TABLE device (
    pk               BIGSERIAL PRIMARY KEY,
    id               TEXT        NOT NULL UNIQUE,
    topic            TEXT        NOT NULL,
    mac              TEXT        UNIQUE,
    dialect          TEXT        NOT NULL,
    name             TEXT,
    tags             TEXT[]      NOT NULL DEFAULT '{}',
    notes            TEXT,
    first_seen       TIMESTAMPTZ NOT NULL,
    last_seen        TIMESTAMPTZ NOT NULL,
    online           BOOLEAN     NOT NULL DEFAULT FALSE,
    build            TEXT,
    firmware_version TEXT,
    chip             TEXT,
    ip               TEXT,
    rssi             INTEGER,
    uptime_seconds   BIGINT,
    free_heap        BIGINT,
    voltage          NUMERIC(10, 3),
    current_amps     NUMERIC(10, 4),
    power_watts      NUMERIC(12, 3),
    relay_on         BOOLEAN,
    reboots          INTEGER     NOT NULL DEFAULT 0,
    conflict         TEXT
);
CREATE INDEX device_topic ON device (topic);
CREATE INDEX device_online ON device (online);
CREATE INDEX device_firmware ON device (firmware_version);
CREATE INDEX device_tags ON device USING GIN (tags);

-- What happened to a device over time: online/offline, reboots, firmware and topic changes, conflicts.
CREATE TABLE device_event (
    pk        BIGSERIAL PRIMARY KEY,
    device_pk BIGINT      NOT NULL REFERENCES device (pk) ON DELETE CASCADE,
    at        TIMESTAMPTZ NOT NULL,
    kind      TEXT        NOT NULL,
    detail    TEXT        NOT NULL
);
CREATE INDEX device_event_device_at ON device_event (device_pk, at);

-- Every energy-counter value as received, in mWh, in the order it arrived; the accounting reads from here.
CREATE TABLE energy_sample (
    pk          BIGSERIAL PRIMARY KEY,
    device_pk   BIGINT      NOT NULL REFERENCES device (pk) ON DELETE CASCADE,
    received_at TIMESTAMPTZ NOT NULL,
    register    TEXT        NOT NULL,
    raw_value   TEXT        NOT NULL,
    value_mwh   BIGINT
);
CREATE INDEX energy_sample_device ON energy_sample (device_pk, received_at);

-- Commands sent to devices through the API, and who sent them; the API only ever appends.
CREATE TABLE command_audit (
    pk        BIGSERIAL PRIMARY KEY,
    at        TIMESTAMPTZ NOT NULL,
    actor     TEXT        NOT NULL,
    device_id TEXT        NOT NULL,
    topic     TEXT        NOT NULL,
    payload   TEXT        NOT NULL
);
