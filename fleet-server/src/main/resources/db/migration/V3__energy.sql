-- Imported devices have no MQTT topic; every device may declare its counter's resolution.
ALTER TABLE device ALTER COLUMN topic DROP NOT NULL;
ALTER TABLE device ALTER COLUMN dialect DROP NOT NULL;
ALTER TABLE device ADD COLUMN quantum_mwh BIGINT CHECK (quantum_mwh > 0);
-- Changes at every reboot or reconnection the server sees: the boot counter of live readings.
ALTER TABLE device ADD COLUMN boot_marker BIGINT NOT NULL DEFAULT 0;
-- The last energycounter_clear_date the meter reported: a change is an explicit counter reset.
ALTER TABLE device ADD COLUMN energy_cleared_at TIMESTAMPTZ;

-- Live readings go to energy_reading below, once each, like imported ones.
DROP TABLE energy_sample;

-- Every energy-counter reading, live or imported, stored once: a reading is (device, register, instant, value).
-- Copies of one reading merge their evidence: a reset on either holds, the higher boot count, the lower uptime.
CREATE TABLE energy_reading (
    device_pk      BIGINT      NOT NULL REFERENCES device (pk) ON DELETE CASCADE,
    register       TEXT        NOT NULL,
    at             TIMESTAMPTZ NOT NULL,
    value_mwh      BIGINT      NOT NULL CHECK (value_mwh >= 0),
    boot           BIGINT,
    uptime_seconds BIGINT,
    reset          BOOLEAN     NOT NULL DEFAULT FALSE,
    received_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (device_pk, register, at, value_mwh)
);

-- Registers with readings not yet accounted, from which instant. Written in the transaction that stores the
-- readings and cleared in the one that accounts them, so a crash in between loses no accounting; `version`
-- tells the accountant whether more readings came while it worked.
CREATE TABLE accounting_due (
    device_pk BIGINT      NOT NULL REFERENCES device (pk) ON DELETE CASCADE,
    register  TEXT        NOT NULL,
    from_at   TIMESTAMPTZ NOT NULL,
    version   BIGINT      NOT NULL DEFAULT 1,
    PRIMARY KEY (device_pk, register)
);

-- The accountant's decisions with their evidence. `decided_at` is the reading that settled it (a held reading
-- is judged when the next one arrives), so accounting again from a checkpoint replaces exactly what followed it.
CREATE TABLE energy_event (
    pk             BIGSERIAL PRIMARY KEY,
    device_pk      BIGINT      NOT NULL REFERENCES device (pk) ON DELETE CASCADE,
    register       TEXT        NOT NULL,
    decided_at     TIMESTAMPTZ NOT NULL,
    at             TIMESTAMPTZ NOT NULL,
    kind           TEXT        NOT NULL,
    epoch          INTEGER     NOT NULL,
    from_mwh       BIGINT      NOT NULL,
    to_mwh         BIGINT      NOT NULL,
    energy_mwh     BIGINT      NOT NULL,
    interval_start TIMESTAMPTZ NOT NULL,
    evidence       TEXT        NOT NULL
);
CREATE INDEX energy_event_device_decided ON energy_event (device_pk, register, decided_at);

-- Energy per meter and 15-minute UTC bucket: the sum of the counted decisions' linear shares, in mWh.
CREATE TABLE energy_bucket (
    device_pk BIGINT      NOT NULL REFERENCES device (pk) ON DELETE CASCADE,
    start     TIMESTAMPTZ NOT NULL,
    mwh       BIGINT      NOT NULL,
    PRIMARY KEY (device_pk, start)
);

-- The accountant's state after the readings up to `through`, one per device, register and UTC day, so that a
-- late reading is accounted again from the day before it rather than from the beginning.
CREATE TABLE energy_checkpoint (
    device_pk BIGINT      NOT NULL REFERENCES device (pk) ON DELETE CASCADE,
    register  TEXT        NOT NULL,
    through   TIMESTAMPTZ NOT NULL,
    state     TEXT        NOT NULL,
    PRIMARY KEY (device_pk, register, through)
);

CREATE TABLE circuit (
    pk         BIGSERIAL PRIMARY KEY,
    name       TEXT        NOT NULL UNIQUE,
    timezone   TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- A meter feeds a circuit over [valid_from, valid_to); one meter never feeds two circuits at once.
CREATE TABLE assignment (
    pk         BIGSERIAL PRIMARY KEY,
    circuit_pk BIGINT      NOT NULL REFERENCES circuit (pk) ON DELETE CASCADE,
    device_pk  BIGINT      NOT NULL REFERENCES device (pk) ON DELETE CASCADE,
    valid_from TIMESTAMPTZ NOT NULL,
    valid_to   TIMESTAMPTZ,
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE INDEX assignment_device ON assignment (device_pk);
CREATE INDEX assignment_circuit ON assignment (circuit_pk);
