package org.supabasemigrator.verify;

import java.sql.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.springframework.jdbc.core.JdbcTemplate;
import org.supabasemigrator.sink.RowBatch;
import org.supabasemigrator.transform.TableMapping;

/**
 * The source's primary keys of one pass, kept in the target database ({@code migrator.source_key}) page by
 * page, so the rows the target has and the source no longer has are found by the database, without
 * holding either key set in memory.
 */
@ApplicationScoped
public class SourceKeys {

    private final JdbcTemplate jdbc;

    public SourceKeys(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public void clear(long runId, String table) {
        jdbc.update("DELETE FROM migrator.source_key WHERE run_id = ? AND table_name = ?", runId, table);
    }

    public void stage(long runId, TableMapping mapping, RowBatch page) {
        List<Object> args = new ArrayList<>();
        args.add(runId);
        args.add(mapping.table());
        List<String> key = mapping.keyColumns();
        for (int k = 0; k < key.size(); k++) {
            String[] values = new String[page.getSize()];
            for (int r = 0; r < values.length; r++) {
                values[r] = page.getRows().get(r).key().get(k);
            }
            args.add(values);
        }
        jdbc.update(ComparisonStatements.stageKeys(mapping), args.toArray());
    }

    /** How many target rows have a key the pass did not see. */
    public long countExtra(long runId, TableMapping mapping) {
        Long count = jdbc.queryForObject("SELECT count(*)" + ComparisonStatements.extraRows(mapping), Long.class,
                runId, mapping.table());
        return count == null ? 0 : count;
    }

    /** Up to {@code limit} keys of such rows. */
    public List<List<String>> extraKeys(long runId, TableMapping mapping, int limit) {
        return jdbc.query("SELECT " + ComparisonStatements.keyArray("t", mapping) + ComparisonStatements.extraRows(mapping)
                + " LIMIT " + limit, (rs, i) -> strings(rs.getArray(1)), runId, mapping.table());
    }

    /** Deletes those rows from the target; returns how many. */
    public int deleteExtra(long runId, TableMapping mapping) {
        return jdbc.update("DELETE" + ComparisonStatements.extraRows(mapping), runId, mapping.table());
    }

    static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }
}
