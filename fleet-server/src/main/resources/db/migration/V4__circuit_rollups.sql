-- A circuit's energy per local hour, day and month (step h, d, m), kept up to date as buckets and assignments
-- change, so that reports read a row per circuit instead of summing quarter hours.
CREATE TABLE circuit_rollup (
    circuit_pk BIGINT      NOT NULL REFERENCES circuit (pk) ON DELETE CASCADE,
    step       CHAR(1)     NOT NULL CHECK (step IN ('h', 'd', 'm')),
    start      TIMESTAMPTZ NOT NULL,
    mwh        BIGINT      NOT NULL,
    PRIMARY KEY (circuit_pk, step, start)
);
