-- Bookkeeping of supabase-migrator, kept in its own schema beside the business tables.

-- One migration run, started through the control API.
CREATE TABLE migration_run (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mode        text        NOT NULL DEFAULT 'full',  -- full, incremental or verify
    create_missing_tables boolean NOT NULL DEFAULT false,
    delete_missing        boolean NOT NULL DEFAULT false,
    state       text        NOT NULL,  -- PENDING, RUNNING, STOPPED, SUCCEEDED, FAILED
    tables      text[]      NOT NULL,  -- in migration order
    error       text,
    -- set by POST /api/migrations/{id}/stop on any replica; the replica running the run polls it
    stop_requested boolean NOT NULL DEFAULT false,
    -- why a run is STOPPED: 'operator', 'shutdown' (SIGTERM) or 'interrupted' (the process died)
    stop_reason text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    started_at  timestamptz,
    finished_at timestamptz
);

-- Per run and table: state, source row count and the result of the count check.
CREATE TABLE table_progress (
    run_id      bigint      NOT NULL REFERENCES migration_run (id) ON DELETE CASCADE,
    table_name  text        NOT NULL,
    position    int         NOT NULL,
    state       text        NOT NULL,  -- PENDING, RUNNING, STOPPED, SUCCEEDED, FAILED
    source_rows bigint,
    target_rows bigint,
    verified    boolean,           -- the target's content equals the source's (or, without verification, the counts)
    verification jsonb,            -- equal / missing / extra / different counts and example keys
    watermark    text,             -- highest change-tracking value in the source when the table started
    changed_since text,            -- incremental runs: rows changed since this value were copied
    rows_missing_in_source bigint, -- rows in the target whose key the source no longer has
    rows_deleted bigint,           -- of those, deleted from the target (deleteMissing)
    error       text,
    started_at  timestamptz,
    finished_at timestamptz,
    PRIMARY KEY (run_id, table_name)
);

-- A key range of a table read on its own. last_key moves forward in the same transaction as the rows
-- written up to it, so a resumed run continues exactly where the committed data ends.
CREATE TABLE slice_checkpoint (
    run_id             bigint      NOT NULL,
    table_name         text        NOT NULL,
    slice_no           int         NOT NULL,
    lower_key          text[],     -- exclusive; NULL = from the first row
    upper_key          text[],     -- inclusive; NULL = to the last row, including rows added meanwhile
    last_key           text[],     -- last primary key written or dead-lettered
    rows_written       bigint      NOT NULL DEFAULT 0,  -- rows now in the target as the source has them
    rows_inserted      bigint      NOT NULL DEFAULT 0,  -- of those, new to the target
    rows_updated       bigint      NOT NULL DEFAULT 0,  -- of those, changed in the target
    rows_dead_lettered bigint      NOT NULL DEFAULT 0,
    done               boolean     NOT NULL DEFAULT false,
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, table_name, slice_no),
    FOREIGN KEY (run_id, table_name) REFERENCES table_progress (run_id, table_name) ON DELETE CASCADE
);

-- Records the target refused even on their own, with the reason. One per run, table and key.
CREATE TABLE dead_letter (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id        bigint      NOT NULL REFERENCES migration_run (id) ON DELETE CASCADE,
    table_name    text        NOT NULL,
    primary_key   jsonb       NOT NULL,  -- {"column": "value as text", ...}
    record        text        NOT NULL,  -- the row exactly as the source sent it
    sql_state     text,
    error_message text        NOT NULL,
    failed_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (run_id, table_name, primary_key)
);
CREATE INDEX dead_letter_table_idx ON dead_letter (table_name, run_id);

-- Primary keys seen in the source during a key pass (deleted-row detection, verification), compared with
-- the target's keys inside the database instead of in memory. Scratch data: unlogged, cleared after use.
CREATE UNLOGGED TABLE source_key (
    run_id     bigint NOT NULL,
    table_name text   NOT NULL,
    key        text[] NOT NULL
);
CREATE INDEX source_key_run_idx ON source_key (run_id, table_name);
