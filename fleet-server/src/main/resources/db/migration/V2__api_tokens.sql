-- Bearer tokens for the HTTP API. A token reads `zf_<public_id>_<secret>`: `public_id` finds the row, and only a
-- salted SHA-256 of the secret is kept, so the table never holds anything a caller could present.
-- The token from FLEET_ADMIN_TOKEN is the row whose public_id is 'bootstrap'; its hash covers the whole value.
CREATE TABLE api_token (
    pk           BIGSERIAL PRIMARY KEY,
    public_id    TEXT        NOT NULL UNIQUE,
    name         TEXT        NOT NULL,
    role         TEXT        NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
    salt         BYTEA       NOT NULL,
    secret_hash  BYTEA       NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);
-- The name is the caller in audit logs, so two live tokens may not share one.
CREATE UNIQUE INDEX api_token_live_name ON api_token (name) WHERE revoked_at IS NULL;
