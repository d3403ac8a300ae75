-- Keeps a refused record with its reason. A record dead-lettered again for the same run (a resumed batch)
-- replaces its earlier entry instead of adding a second one.
INSERT INTO migrator.dead_letter (run_id, table_name, primary_key, record, sql_state, error_message)
VALUES (:#${body.runId}, :#${body.table}, CAST(:#${body.primaryKey} AS jsonb), :#${body.record}, :#${body.sqlState},
        :#${body.errorMessage})
ON CONFLICT (run_id, table_name, primary_key)
DO UPDATE SET record = EXCLUDED.record, sql_state = EXCLUDED.sql_state, error_message = EXCLUDED.error_message,
              failed_at = now()
