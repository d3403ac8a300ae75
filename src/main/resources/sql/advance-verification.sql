-- Records what comparing a batch with the target found and how far the slice's rows are compared, from where
-- this process believes it stands (see advance-checkpoint.sql), and only while the rows it compared are still
-- the target's: a crash that lost their commit moved the slice's checkpoint back, and the range continues
-- from there instead of counting them missing.
-- Parameters: CheckpointStore.pastCompared.
UPDATE migrator.slice_checkpoint
   SET verified_key = coalesce(CAST(:#upTo AS text[]), verified_key),
       rows_equal = rows_equal + CAST(:#equal AS bigint),
       rows_missing = rows_missing + CAST(:#missing AS bigint),
       rows_different = rows_different + CAST(:#different AS bigint),
       rows_extra = rows_extra + CAST(:#extra AS bigint),
       updated_at = now()
 WHERE run_id = :#runId
   AND table_name = :#table
   AND slice_no = :#sliceNo
   AND verified_key IS NOT DISTINCT FROM CAST(:#verifiedKey AS text[])
   AND last_key IS NOT DISTINCT FROM CAST(:#committedKey AS text[])
