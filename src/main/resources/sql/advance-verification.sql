-- Records what comparing a batch with the target found and how far the slice's rows are compared, from where
-- this process believes it stands (see advance-checkpoint.sql).
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
