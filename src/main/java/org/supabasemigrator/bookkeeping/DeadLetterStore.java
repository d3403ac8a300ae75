package org.supabasemigrator.bookkeeping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads and tidies {@code migrator.dead_letter}. Dead letters are written by the {@code dead-letter-channel}
 * route, in the transaction that moves the checkpoint past them.
 */
@ApplicationScoped
public class DeadLetterStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;

    public DeadLetterStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** A page of dead letters, oldest first, optionally of one run and one table. */
    public List<DeadLetterRecord> page(Long migration, String table, int limit, long afterId) {
        Filter filter = new Filter(migration, table);
        List<Object> args = new ArrayList<>(filter.args);
        args.add(afterId);
        args.add(limit);
        return query("list dead letters", "SELECT * FROM migrator.dead_letter" + filter.where + " AND id > ? ORDER BY id LIMIT ?",
                args.toArray());
    }

    public long count(Long migration, String table) {
        Filter filter = new Filter(migration, table);
        try {
            Long count = jdbc.queryForObject("SELECT count(*) FROM migrator.dead_letter" + filter.where, Long.class,
                    filter.args.toArray());
            return count == null ? 0 : count;
        } catch (DataAccessException e) {
            throw new BookkeepingException("count dead letters", e);
        }
    }

    /** The target still refuses it: keep the newest reason. */
    public void stillRefused(long id, String sqlState, String error) {
        try {
            jdbc.update("UPDATE migrator.dead_letter SET sql_state = ?, error_message = ?, failed_at = now() WHERE id = ?",
                    sqlState, error, id);
        } catch (DataAccessException e) {
            throw new BookkeepingException("update dead letter " + id, e);
        }
    }

    private List<DeadLetterRecord> query(String what, String sql, Object... args) {
        try {
            return jdbc.query(sql, ROW, args);
        } catch (DataAccessException e) {
            throw new BookkeepingException(what, e);
        }
    }

    private static final RowMapper<DeadLetterRecord> ROW = (rs, i) -> new DeadLetterRecord(rs.getLong("id"),
            rs.getLong("run_id"), rs.getString("table_name"), key(rs.getString("primary_key")), rs.getString("record"),
            rs.getString("sql_state"), rs.getString("error_message"),
            rs.getTimestamp("failed_at").toInstant().toString());

    private static Map<String, String> key(String json) {
        try {
            return JSON.readValue(json, new TypeReference<java.util.LinkedHashMap<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable dead-letter key " + json, e);
        }
    }

    /** WHERE clause for the optional run and table filters, with its bind values. */
    private static final class Filter {
        final String where;
        final List<Object> args = new ArrayList<>();

        Filter(Long migration, String table) {
            StringBuilder where = new StringBuilder(" WHERE true");
            if (migration != null) {
                where.append(" AND run_id = ?");
                args.add(migration);
            }
            if (table != null) {
                where.append(" AND table_name = ?");
                args.add(table);
            }
            this.where = where.toString();
        }
    }
}
