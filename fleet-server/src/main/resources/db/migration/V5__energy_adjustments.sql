-- What moved a circuit's month after it had become final (its grace period over): every change to a final
-- month's total is a row here with who and why, so the figure a report gave can always be reconciled with
-- today's. Rows are only ever added.
CREATE TABLE energy_adjustment (
    pk          BIGSERIAL PRIMARY KEY,
    circuit_pk  BIGINT      NOT NULL REFERENCES circuit (pk) ON DELETE CASCADE,
    month_start TIMESTAMPTZ NOT NULL,
    delta_mwh   BIGINT      NOT NULL CHECK (delta_mwh <> 0),
    recorded_at TIMESTAMPTZ NOT NULL,
    recorded_by TEXT        NOT NULL,
    reason      TEXT        NOT NULL,
    device_id   TEXT
);
CREATE INDEX energy_adjustment_month ON energy_adjustment (circuit_pk, month_start);
