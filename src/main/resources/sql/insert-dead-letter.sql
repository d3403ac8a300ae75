-- Keeps a refused record with its reason. A record dead-lettered again for the same run (a resumed batch)
-- replaces its earlier entry instead of adding a second one.
INSERT INTO migrator.dead_letter (run_id, table_name, primary_key, record, sql_state, error_message)
VALUES (:#${body.letter.runId}, :#${body.letter.table}, CAST(:#${body.letter.primaryKey} AS jsonb), :#${body.letter.record},
        :#${body.letter.sqlState}, :#${body.letter.errorMessage})
ON CONFLICT (run_id, table_name, primary_key)
DO UPDATE SET record = EXCLUDED.record, sql_state = EXCLUDED.sql_state, error_message = EXCLUDED.error_message,
              failed_at = now()
