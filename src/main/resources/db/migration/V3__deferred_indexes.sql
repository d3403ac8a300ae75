-- Secondary indexes a full run dropped from a table it bulk-loads into an empty target table (they are built
-- again in one pass once the table is in, which costs the target a fraction of maintaining them row by row):
-- built again, as defined, when the table's copy ends, when the run ends however it ends, and at start-up
-- after a crash.
CREATE TABLE deferred_index (
    run_id       bigint NOT NULL,
    table_schema text   NOT NULL,
    table_name   text   NOT NULL,
    index_name   text   NOT NULL,
    definition   text   NOT NULL,  -- pg_get_indexdef, names qualified
    comment      text,             -- COMMENT ON INDEX, if any
    PRIMARY KEY (table_schema, index_name)
);
