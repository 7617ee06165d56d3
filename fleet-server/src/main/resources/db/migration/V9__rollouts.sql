-- Firmware rollouts: which devices get which image, in which waves, and what happened to each of them.
CREATE TABLE rollout (
    pk                        BIGSERIAL PRIMARY KEY,
    id                        TEXT        NOT NULL UNIQUE,
    firmware_id               TEXT        NOT NULL,
    filename                  TEXT        NOT NULL,
    chip                      TEXT        NOT NULL,
    target_version            TEXT        NOT NULL,
    image_size                BIGINT      NOT NULL,
    state                     TEXT        NOT NULL,
    state_reason              TEXT,
    created_at                TIMESTAMPTZ NOT NULL,
    created_by                TEXT        NOT NULL,
    -- waves as planned: the number of devices reached once each wave is done
    wave_ends                 INTEGER[]   NOT NULL,
    current_wave              INTEGER     NOT NULL DEFAULT 0,
    -- update failures of the current wave that an operator accepted by resuming
    acknowledged_failures     INTEGER     NOT NULL DEFAULT 0,
    max_concurrent            INTEGER     NOT NULL CHECK (max_concurrent > 0),
    failure_threshold_percent INTEGER     NOT NULL CHECK (failure_threshold_percent BETWEEN 0 AND 100),
    success_threshold_percent INTEGER     NOT NULL CHECK (success_threshold_percent BETWEEN 0 AND 100),
    fetch_timeout_ms          BIGINT      NOT NULL CHECK (fetch_timeout_ms > 0),
    device_timeout_ms         BIGINT      NOT NULL CHECK (device_timeout_ms > 0),
    min_rssi                  INTEGER,
    -- a meter that does not fetch its image gets it pushed to <push_url>/api/ota; null: no fallback
    push_url                  TEXT,
    -- the secret part of the image URL; the URL answers only while a device of the rollout is fetching
    url_token                 TEXT        NOT NULL UNIQUE,
    finished_at               TIMESTAMPTZ
);
CREATE INDEX rollout_state ON rollout (state);
CREATE INDEX rollout_firmware ON rollout (firmware_id);

CREATE TABLE rollout_device (
    rollout_pk          BIGINT      NOT NULL REFERENCES rollout (pk) ON DELETE CASCADE,
    device_pk           BIGINT      NOT NULL,
    device_id           TEXT        NOT NULL,
    position            INTEGER     NOT NULL,
    wave                INTEGER     NOT NULL,
    state               TEXT        NOT NULL,
    state_at            TIMESTAMPTZ NOT NULL,
    attempt             INTEGER     NOT NULL DEFAULT 1,
    from_version        TEXT,
    commanded_at        TIMESTAMPTZ,
    download_started_at TIMESTAMPTZ,
    download_ended_at   TIMESTAMPTZ,
    download_complete   BOOLEAN     NOT NULL DEFAULT FALSE,
    bytes_sent          BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (rollout_pk, device_pk)
);
CREATE INDEX rollout_device_state ON rollout_device (rollout_pk, state);
CREATE UNIQUE INDEX rollout_device_position ON rollout_device (rollout_pk, position);
-- one update at a time per device, across all rollouts
CREATE UNIQUE INDEX rollout_device_one_active ON rollout_device (device_pk)
    WHERE state IN ('QUEUED', 'PRECHECK', 'COMMANDED', 'DOWNLOADING', 'REBOOTING', 'VERIFYING');

-- Every state a device went through in a rollout, with the evidence.
CREATE TABLE rollout_transition (
    pk         BIGSERIAL PRIMARY KEY,
    rollout_pk BIGINT      NOT NULL REFERENCES rollout (pk) ON DELETE CASCADE,
    device_pk  BIGINT      NOT NULL,
    attempt    INTEGER     NOT NULL,
    at         TIMESTAMPTZ NOT NULL,
    state      TEXT        NOT NULL,
    evidence   TEXT        NOT NULL
);
CREATE INDEX rollout_transition_device ON rollout_transition (rollout_pk, device_pk, pk);

-- Who did what to rollouts and firmware; the API only ever appends.
CREATE TABLE audit_log (
    pk      BIGSERIAL PRIMARY KEY,
    at      TIMESTAMPTZ NOT NULL,
    actor   TEXT        NOT NULL,
    action  TEXT        NOT NULL,
    subject TEXT        NOT NULL,
    detail  TEXT        NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
