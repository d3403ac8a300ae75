package org.supabasemigrator.bookkeeping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.supabasemigrator.targetdb.TargetOutage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads and tidies {@code migrator.dead_letter}. Dead letters are written by the {@code dead-letter-channel}
 * route, in the transaction that moves the checkpoint past them.
 */
@ApplicationScoped
public class DeadLetterStore {

    private final JdbcTemplate jdbc;
    private final TargetOutage outage;
    private final ObjectMapper json;

    public DeadLetterStore(JdbcTemplate jdbc, TargetOutage outage, ObjectMapper json) {
        this.jdbc = jdbc;
        this.outage = outage;
        this.json = json;
    }

    /** Of these keys of a table, those a run holds dead letters of (a refused row is not missing, it is kept). */
    public List<List<String>> lettered(long runId, String table, List<String> keyColumns, List<List<String>> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<String> keyJson = new ArrayList<>();
        for (List<String> key : keys) {
            Map<String, String> object = new java.util.LinkedHashMap<>();
            for (int i = 0; i < keyColumns.size(); i++) {
                object.put(keyColumns.get(i), key.get(i));
            }
            try {
                keyJson.add(json.writeValueAsString(object));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        List<String> found = outage.call("look up dead letters of " + table, () -> jdbc.query(
                "SELECT primary_key::text FROM migrator.dead_letter WHERE run_id = ? AND table_name = ?"
                        + " AND primary_key = ANY (CAST(? AS jsonb[]))",
                (rs, i) -> rs.getString(1), runId, table, keyJson.toArray(String[]::new)));
        List<List<String>> lettered = new ArrayList<>();
        for (String object : found) {
            try {
                Map<String, String> key = json.readValue(object, new TypeReference<Map<String, String>>() {
                });
                lettered.add(keyColumns.stream().map(key::get).toList());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return lettered;
    }

    /** A page of dead letters, oldest first, optionally of one run and one table. */
    public List<DeadLetterRecord> page(Long migration, String table, int limit, long afterId) {
        return page(migration, table, null, limit, afterId);
    }

    /** A page of dead letters, optionally also of one SQLSTATE. */
    public List<DeadLetterRecord> page(Long migration, String table, String sqlState, int limit, long afterId) {
        return page(migration, table, sqlState, limit, afterId, false);
    }

    /** A page of dead letters after an id, or (descending) before it. */
    public List<DeadLetterRecord> page(Long migration, String table, String sqlState, int limit, long fromId,
            boolean descending) {
        Filter filter = new Filter(migration, table, sqlState);
        List<Object> args = new ArrayList<>(filter.args);
        args.add(fromId);
        args.add(limit);
        return query("list dead letters", "SELECT * FROM migrator.dead_letter" + filter.where
                + (descending ? " AND id < ? ORDER BY id DESC" : " AND id > ? ORDER BY id") + " LIMIT ?", args.toArray());
    }

    public long count(Long migration, String table) {
        Filter filter = new Filter(migration, table);
        Long count = outage.call("count dead letters", () -> jdbc.queryForObject(
                "SELECT count(*) FROM migrator.dead_letter" + filter.where, Long.class, filter.args.toArray()));
        return count == null ? 0 : count;
    }

    /** Dead letters of a run, per table. */
    public Map<String, Long> countsByTable(long runId) {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        outage.call("count the dead letters of run " + runId, () -> jdbc.query("SELECT table_name, count(*)"
                + " FROM migrator.dead_letter WHERE run_id = ? GROUP BY table_name ORDER BY table_name",
                (rs, i) -> counts.put(rs.getString(1), rs.getLong(2)), runId));
        return counts;
    }

    /** Dead letters by run and table, for the runs given. */
    public List<Long> runsWithLetters(Long migration, String table) {
        Filter filter = new Filter(migration, table);
        return outage.call("find runs with dead letters", () -> jdbc.queryForList(
                "SELECT DISTINCT run_id FROM migrator.dead_letter" + filter.where, Long.class, filter.args.toArray()));
    }

    /** The target still refuses it: keep the newest reason. */
    public void stillRefused(long id, String sqlState, String error) {
        outage.run("update dead letter " + id, () -> jdbc.update(
                "UPDATE migrator.dead_letter SET sql_state = ?, error_message = ?, failed_at = now() WHERE id = ?",
                sqlState, error, id));
    }

    private List<DeadLetterRecord> query(String what, String sql, Object... args) {
        return outage.call(what, () -> jdbc.query(sql, row, args));
    }

    private final RowMapper<DeadLetterRecord> row = (rs, i) -> new DeadLetterRecord(rs.getLong("id"),
            rs.getLong("run_id"), rs.getString("table_name"), key(rs.getString("primary_key")), rs.getString("record"),
            rs.getString("sql_state"), rs.getString("error_message"),
            rs.getTimestamp("failed_at").toInstant().toString());

    private Map<String, String> key(String text) {
        try {
            return json.readValue(text, new TypeReference<java.util.LinkedHashMap<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable dead-letter key " + text, e);
        }
    }

    /** WHERE clause for the optional run and table filters, with its bind values. */
    private static final class Filter {
        final String where;
        final List<Object> args = new ArrayList<>();

        Filter(Long migration, String table) {
            this(migration, table, null);
        }

        Filter(Long migration, String table, String sqlState) {
            StringBuilder where = new StringBuilder(" WHERE true");
            if (sqlState != null) {
                where.append(" AND sql_state = ?");
                args.add(sqlState);
            }
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
