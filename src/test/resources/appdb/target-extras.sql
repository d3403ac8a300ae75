-- What only the target has (applied after schema.sql): the new app's own triggers. Migrated rows must not fire
-- them: the BEFORE trigger would rewrite updated_at, the AFTER trigger would write rows into audit.

CREATE TABLE audit (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    table_name text NOT NULL,
    row_key    text NOT NULL,
    action     text NOT NULL,
    at         timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

CREATE FUNCTION write_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit (table_name, row_key, action) VALUES (TG_TABLE_NAME, NEW.id::text, TG_OP);
    RETURN NULL;
END
$$;

CREATE TRIGGER "UserProfiles_touch" BEFORE INSERT OR UPDATE ON "UserProfiles"
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER comments_touch BEFORE INSERT OR UPDATE ON comments
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER invoices_audit AFTER INSERT ON invoices
    FOR EACH ROW EXECUTE FUNCTION write_audit();
CREATE TRIGGER comments_audit AFTER INSERT OR UPDATE ON comments
    FOR EACH ROW EXECUTE FUNCTION write_audit();
