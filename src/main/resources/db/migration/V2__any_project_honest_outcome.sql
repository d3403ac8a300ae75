-- Runs over any project (tables discovered, loaded in parallel), verification as batches commit, target outages
-- ridden through, and an honest outcome (INCOMPLETE).

-- A run started without a table list migrates every table the source exposes: its tables are recorded when the
-- preflight found them. State INCOMPLETE: finished with dead letters, differences or unverified tables.
COMMENT ON COLUMN migration_run.tables IS 'tables asked for, in order; empty = every table the source exposes';
COMMENT ON COLUMN migration_run.state IS 'PENDING, RUNNING, STOPPED, SUCCEEDED, INCOMPLETE, FAILED';
ALTER TABLE migration_run ADD COLUMN allow_triggers boolean NOT NULL DEFAULT false;
-- what the preflight found about the target role and schema (load mode, triggers, keys), for the report
ALTER TABLE migration_run ADD COLUMN notes text[];

-- Per table: how verification went so far is the sum of its slices' counters; the outcome explains itself.
ALTER TABLE table_progress ADD COLUMN rows_extra bigint;
ALTER TABLE table_progress ADD COLUMN load_wave int;

-- Each key range keeps, beside the rows written, how far its rows were compared with the target and what was
-- found; both positions move only from where the target holds them (checked on every update).
ALTER TABLE slice_checkpoint ADD COLUMN purpose text NOT NULL DEFAULT 'COPY';  -- COPY or VERIFY
ALTER TABLE slice_checkpoint ADD COLUMN verified_key text[];
ALTER TABLE slice_checkpoint ADD COLUMN rows_equal bigint NOT NULL DEFAULT 0;
ALTER TABLE slice_checkpoint ADD COLUMN rows_missing bigint NOT NULL DEFAULT 0;
ALTER TABLE slice_checkpoint ADD COLUMN rows_different bigint NOT NULL DEFAULT 0;
ALTER TABLE slice_checkpoint ADD COLUMN rows_extra bigint NOT NULL DEFAULT 0;

-- Rows verification found not equal, as examples for the report (a few per batch).
CREATE TABLE row_problem (
    run_id     bigint NOT NULL REFERENCES migration_run (id) ON DELETE CASCADE,
    table_name text   NOT NULL,
    key        text[] NOT NULL,
    problem    text   NOT NULL,  -- missing, different, extra
    columns    text[],           -- for different: the columns that differ
    PRIMARY KEY (run_id, table_name, key, problem)
);

-- Triggers a run switched off (ALTER TABLE ... DISABLE TRIGGER) where the role could not switch them off per
-- session; switched on again when the run ends, and at start-up after a crash.
CREATE TABLE disabled_trigger (
    run_id       bigint NOT NULL,
    table_schema text   NOT NULL,
    table_name   text   NOT NULL,
    trigger_name text   NOT NULL,
    PRIMARY KEY (table_schema, table_name, trigger_name)
);

-- Foreign keys a run dropped for the load where the role could not switch their checks off per session (it owns
-- the table): added again, as defined, once the tables are in and their references are checked; added NOT VALID
-- (checking new rows only) if the run ends before that, and at start-up after a crash.
CREATE TABLE lifted_foreign_key (
    run_id          bigint NOT NULL,
    table_schema    text   NOT NULL,
    table_name      text   NOT NULL,
    constraint_name text   NOT NULL,
    definition      text   NOT NULL,  -- pg_get_constraintdef, names qualified
    PRIMARY KEY (table_schema, table_name, constraint_name)
);
