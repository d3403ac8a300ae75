package org.supabasemigrator.verify;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.ExchangeProperty;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.supabasemigrator.bookkeeping.DeadLetterStore;
import org.supabasemigrator.model.CopyText;
import org.supabasemigrator.model.RowBatch;
import org.supabasemigrator.model.Slice;
import org.supabasemigrator.model.TableMapping;
import org.supabasemigrator.model.TargetRow;
import org.supabasemigrator.model.WriteOutcome;
import org.supabasemigrator.model.Comparison;
import org.supabasemigrator.model.Comparison.Difference;

/**
 * Compares source rows with what the target holds now, independently of how they were written: the target
 * prints its rows of the batch's key range ({@link TargetLines}), and a row is equal when the target's line is
 * the transform's line byte for byte; rows whose lines differ are compared again in the target by meaning
 * ({@link ComparisonStatements}). Where the key's order is the same on every server (numbers, uuids, dates),
 * the batch's whole key range is read, so target rows the source did not send in it are found too; keys that
 * order by a collation are read as the range between the batch's first and last key where the target orders
 * them alike, else looked up one by one, and rows only the target has are counted at the table's end.
 * Called after each batch commits, and for each page of a verify run.
 */
@ApplicationScoped
@Named("contentVerifier")
public class ContentVerifier {

    private final JdbcTemplate jdbc;
    private final DeadLetterStore deadLetters;

    public ContentVerifier(JdbcTemplate jdbc, DeadLetterStore deadLetters) {
        this.jdbc = jdbc;
        this.deadLetters = deadLetters;
    }

    /** The batch just written (a write's outcome) or read (a verify run's page batch). */
    public Comparison compare(@ExchangeProperty("slice") Slice slice, Object written) {
        RowBatch batch = written instanceof WriteOutcome outcome ? outcome.batch() : (RowBatch) written;
        TableMapping mapping = slice.getTableRun().getMapping();
        boolean wholeRange = inRanges(slice);
        List<String> after = slice.getVerifiedKey() != null ? slice.getVerifiedKey() : slice.getLowerKey();
        List<TargetRow> rows = batch.getRows().stream().filter(r -> !batch.isRefused(r)).toList();
        List<List<String>> keys = rows.stream().map(TargetRow::key).toList();
        boolean contiguous = slice.getTableRun().getChangedSince() == null; // every source row between its keys
        Map<List<String>, byte[]> target = jdbc.execute((ConnectionCallback<Map<List<String>, byte[]>>) connection ->
                wholeRange ? byKey(mapping, TargetLines.inRange(connection, mapping, after, batch.getLastKey()))
                        : contiguous ? withContiguousKeys(connection, mapping, keys)
                        : byKey(mapping, TargetLines.withKeys(connection, mapping, keys)));
        List<TargetRow> suspects = new ArrayList<>();
        long equal = 0;
        List<List<String>> missing = new ArrayList<>();
        for (TargetRow row : rows) {
            byte[] line = target.remove(row.key());
            if (line == null) {
                missing.add(row.key());
            } else if (Arrays.equals(line, row.copyLine())) {
                equal++;
            } else {
                suspects.add(row);
            }
        }
        if (!missing.isEmpty()) {
            // rows refused by an earlier process of this run (their batch compared after a crash) are dead letters
            missing.removeAll(deadLetters.lettered(slice.getRunId(), mapping.table(), mapping.keyColumns(), missing));
        }
        List<Difference> different = new ArrayList<>();
        equal += recheck(mapping, suspects, different);
        List<List<String>> extra = new ArrayList<>();
        if (wholeRange) {
            target.keySet().stream().filter(k -> !batch.getRefused().contains(k)).forEach(extra::add);
        }
        return new Comparison(slice, batch.getLastKey(), equal, missing, different, extra);
    }

    /** The rest of a key range after its last batch: every target row there is one the source does not have. */
    public Comparison compareRest(@ExchangeProperty("slice") Slice slice) {
        TableMapping mapping = slice.getTableRun().getMapping();
        List<String> after = slice.getVerifiedKey() != null ? slice.getVerifiedKey() : slice.getLowerKey();
        List<byte[]> lines = jdbc.execute((ConnectionCallback<List<byte[]>>) connection ->
                TargetLines.inRange(connection, mapping, after, slice.getUpperKey()));
        return new Comparison(slice, null, 0, List.of(), List.of(), new ArrayList<>(byKey(mapping, lines).keySet()));
    }

    /** After a key range's last page: whether the rest of the range is checked for rows only the target has. */
    public boolean checksRest(@ExchangeProperty("slice") Slice slice) {
        boolean compared = slice.getPurpose() == Slice.Purpose.VERIFY
                || slice.getPurpose() == Slice.Purpose.COPY && slice.getTableRun().isVerifying();
        return compared && slice.isEndReached() && inRanges(slice);
    }

    /** Whole key ranges are compared: the key orders alike everywhere and the pass reads every row of the range. */
    public boolean inRanges(@ExchangeProperty("slice") Slice slice) {
        return slice.getTableRun().getMapping().keyOrderIsPortable() && slice.getTableRun().getChangedSince() == null;
    }

    /**
     * Target rows with these keys, every source key between the first and the last (in the source's order) among
     * them, where the key orders by a collation. Where the target orders them as the source does, they lie
     * between the first and the last, read as one index range (a third of the target's work of looking each key
     * up); the keys not found there are looked up one by one. The range is read up to twice as many rows as keys,
     * so a target that orders otherwise costs no more than that.
     */
    private static Map<List<String>, byte[]> withContiguousKeys(Connection connection, TableMapping mapping,
            List<List<String>> keys) throws SQLException {
        if (keys.isEmpty()) {
            return new HashMap<>();
        }
        Map<List<String>, byte[]> target = byKey(mapping,
                TargetLines.between(connection, mapping, keys.get(0), keys.get(keys.size() - 1), 2 * keys.size()));
        List<List<String>> elsewhere = keys.stream().filter(key -> !target.containsKey(key)).toList();
        target.putAll(byKey(mapping, TargetLines.withKeys(connection, mapping, elsewhere)));
        return target;
    }

    /** Rows whose lines differ, compared by meaning: adds the truly different ones, returns how many are equal. */
    private long recheck(TableMapping mapping, List<TargetRow> suspects, List<Difference> different) {
        if (suspects.isEmpty()) {
            return 0;
        }
        RowBatch batch = new RowBatch(suspects);
        List<Object> args = new ArrayList<>();
        batch.forEach(args::add);
        List<Difference> found = jdbc.query(ComparisonStatements.differing(mapping), (rs, i) -> new Difference(
                strings(rs.getArray("key")), rs.getBoolean("missing") ? List.of() : strings(rs.getArray("differing"))),
                args.toArray());
        different.addAll(found);
        return suspects.size() - found.size();
    }

    private static Map<List<String>, byte[]> byKey(TableMapping mapping, List<byte[]> lines) {
        Map<List<String>, byte[]> byKey = new HashMap<>();
        int[] positions = mapping.keyIndexes();
        for (byte[] line : lines) {
            byKey.put(CopyText.values(line, positions), line);
        }
        return byKey;
    }

    static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }
}
