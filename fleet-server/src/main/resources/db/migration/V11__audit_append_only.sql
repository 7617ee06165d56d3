-- The audit tables only ever grow: the server appends, and the database refuses to change or remove an entry,
-- whoever asks (an application bug, an SQL injection, a hand at psql). Removing them on purpose, e.g. for a
-- retention policy, needs the table owner to drop the triggers first, which is itself a visible act.
CREATE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();

CREATE TRIGGER command_audit_append_only BEFORE UPDATE OR DELETE ON command_audit
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
CREATE TRIGGER command_audit_no_truncate BEFORE TRUNCATE ON command_audit
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();
