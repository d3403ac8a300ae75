-- Moves a slice's checkpoint past rows just written (or dead-lettered), inside the same transaction:
-- after a crash, reading resumes exactly after the last committed row.
UPDATE migrator.slice_checkpoint
   SET last_key = :#${body.lastKey},
       rows_written = rows_written + CAST(:#${exchangeProperty.rowsWritten} AS bigint),
       rows_dead_lettered = rows_dead_lettered + CAST(:#${exchangeProperty.rowsDeadLettered} AS bigint),
       rows_inserted = rows_inserted + CAST(:#${exchangeProperty.rowsInserted} AS bigint),
       rows_updated = rows_updated + CAST(:#${exchangeProperty.rowsUpdated} AS bigint),
       updated_at = now()
 WHERE run_id = :#${exchangeProperty.slice.runId}
   AND table_name = :#${exchangeProperty.slice.table}
   AND slice_no = :#${exchangeProperty.slice.number}
