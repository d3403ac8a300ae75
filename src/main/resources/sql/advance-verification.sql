-- Records what comparing a batch with the target found and how far the slice's rows are compared, from where
-- this process believes it stands (see advance-checkpoint.sql), and only while the rows it compared are still
-- the target's: a crash that lost their commit moved the slice's checkpoint back, and the range continues
-- from there instead of counting them missing.
UPDATE migrator.slice_checkpoint
   SET verified_key = coalesce(CAST(:#${body.upToArray} AS text[]), verified_key),
       rows_equal = rows_equal + CAST(:#${body.equal} AS bigint),
       rows_missing = rows_missing + CAST(:#${body.missingCount} AS bigint),
       rows_different = rows_different + CAST(:#${body.differentCount} AS bigint),
       rows_extra = rows_extra + CAST(:#${body.extraCount} AS bigint),
       updated_at = now()
 WHERE run_id = :#${exchangeProperty.slice.runId}
   AND table_name = :#${exchangeProperty.slice.table}
   AND slice_no = :#${exchangeProperty.slice.number}
   AND verified_key IS NOT DISTINCT FROM CAST(:#${exchangeProperty.slice.verifiedKeyArray} AS text[])
   AND last_key IS NOT DISTINCT FROM CAST(:#${exchangeProperty.slice.committedKeyArray} AS text[])
