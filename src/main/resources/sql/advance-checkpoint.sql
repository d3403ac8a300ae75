-- Moves a slice's checkpoint past rows just written (or dead-lettered), inside the same transaction: after a
-- crash, reading resumes exactly after the last committed row. Only from where this process believes the
-- checkpoint stands: a checkpoint elsewhere (the target lost its last commits in a crash) updates nothing,
-- the transaction rolls back and the slice continues from what the target holds.
-- Parameters: CheckpointStore.pastWritten.
UPDATE migrator.slice_checkpoint
   SET last_key = :#lastKey,
       rows_written = rows_written + CAST(:#written AS bigint),
       rows_dead_lettered = rows_dead_lettered + CAST(:#deadLettered AS bigint),
       rows_inserted = rows_inserted + CAST(:#inserted AS bigint),
       rows_updated = rows_updated + CAST(:#updated AS bigint),
       updated_at = now()
 WHERE run_id = :#runId
   AND table_name = :#table
   AND slice_no = :#sliceNo
   AND last_key IS NOT DISTINCT FROM CAST(:#committedKey AS text[])
