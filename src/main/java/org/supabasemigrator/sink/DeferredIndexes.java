package org.supabasemigrator.sink;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.springframework.jdbc.core.JdbcTemplate;
import org.supabasemigrator.model.Identifiers;
import org.supabasemigrator.model.Table;
import org.supabasemigrator.targetdb.SchemaChange;
import org.supabasemigrator.targetdb.TargetOutage;

/**
 * Secondary indexes built after a bulk load instead of during it, as {@code pg_restore} does: keeping a btree in
 * step row by row costs the target several times what one sorted build costs once the rows are in (130,000 rows
 * with three secondary indexes: 4.3 s of COPY with them, 1.7 s without and 0.6 s to build them). Only a full
 * run's table that is empty in the target and owned by the role defers them, and only plain ones: not unique
 * (they keep enforcing and identifying), not backing a constraint, not partitioned, not clustered or replica
 * identity, in the default tablespace, without statistics targets, and not led by the key column (the
 * verification and the bulk-load probe look rows up by key). Each is noted with its definition in
 * {@code migrator.deferred_index} in the transaction that drops it, so none is lost: it is built again when the
 * table's copy ends, when the run ends however it ends, and at start-up after a crash.
 */
@ApplicationScoped
public class DeferredIndexes {

    private static final Logger LOG = Logger.getLogger(DeferredIndexes.class);

    /**
     * The table's indexes that may wait for the end of the load: parameters schema, table, first key column. Each
     * NOT EXISTS ends in OFFSET 0 to stay a check per index: pulled up into anti-joins, the planner weighs nine
     * relations and takes 7 ms per table to plan what runs in 0.1 ms (60 tables: most of the target's own time).
     */
    private static final String DEFERRABLE = "SELECT c.relname, pg_get_indexdef(i.indexrelid),"
            + " obj_description(i.indexrelid, 'pg_class')"
            + " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid"
            + " JOIN pg_namespace n ON n.oid = t.relnamespace"
            + " WHERE n.nspname = ? AND t.relname = ? AND t.relkind = 'r' AND c.relkind = 'i'"
            + " AND NOT i.indisunique AND NOT i.indisprimary AND NOT i.indisexclusion AND NOT i.indisclustered"
            + " AND NOT i.indisreplident AND i.indisvalid AND i.indisready AND i.indislive AND c.reltablespace = 0"
            + " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid OFFSET 0)"
            + " AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.indexrelid OFFSET 0)"
            + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass"
            + "   AND d.objid = i.indexrelid AND d.deptype = 'e' OFFSET 0)"
            + " AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = i.indexrelid"
            + "   AND a.attstattarget >= 0 OFFSET 0)"
            + " AND (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attnum = i.indkey[0])"
            + "   IS DISTINCT FROM ?"
            + " ORDER BY c.relname";

    /** An index dropped for the load, as noted in {@code migrator.deferred_index}. */
    private record Deferred(String schema, String table, String name, String definition, String comment) {
    }

    private final JdbcTemplate jdbc;
    private final TargetOutage outage;

    public DeferredIndexes(JdbcTemplate jdbc, TargetOutage outage) {
        this.jdbc = jdbc;
        this.outage = outage;
    }

    /** Drops the table's deferrable indexes, each noted so it is built again; returns their names. */
    public List<String> defer(long runId, Table table) {
        List<String> deferred = outage.call("defer the indexes of " + table.name(),
                () -> SchemaChange.commit(jdbc, (connection, statement) -> {
                    List<Deferred> indexes = new ArrayList<>();
                    try (PreparedStatement query = connection.prepareStatement(DEFERRABLE)) {
                        query.setString(1, table.schema());
                        query.setString(2, table.name());
                        query.setString(3, table.key().isEmpty() ? null : table.key().get(0));
                        try (ResultSet rs = query.executeQuery()) {
                            while (rs.next()) {
                                indexes.add(new Deferred(table.schema(), table.name(), rs.getString(1), rs.getString(2),
                                        rs.getString(3)));
                            }
                        }
                    }
                    try (PreparedStatement note = connection.prepareStatement("INSERT INTO migrator.deferred_index"
                            + " (run_id, table_schema, table_name, index_name, definition, comment)"
                            + " VALUES (?, ?, ?, ?, ?, ?)")) {
                        for (Deferred index : indexes) {
                            note.setLong(1, runId);
                            note.setString(2, index.schema());
                            note.setString(3, index.table());
                            note.setString(4, index.name());
                            note.setString(5, index.definition());
                            note.setString(6, index.comment());
                            note.executeUpdate();
                            statement.execute("DROP INDEX " + qualified(index));
                        }
                    }
                    return indexes.stream().map(Deferred::name).toList();
                }));
        if (!deferred.isEmpty()) {
            LOG.infof("Table %s: %d secondary index(es) built once its rows are in: %s", table.name(), deferred.size(),
                    deferred);
        }
        return deferred;
    }

    /**
     * Builds again, as defined, every index a run (null: any run) deferred on a table (null: on any table), each
     * in its own transaction with its note; one that exists meanwhile is left as it is.
     */
    public void rebuild(Long runId, String schema, String tableName) {
        List<Deferred> noted = outage.call("read the deferred indexes", () -> jdbc.query(
                "SELECT table_schema, table_name, index_name, definition, comment FROM migrator.deferred_index"
                        + " WHERE (CAST(? AS bigint) IS NULL OR run_id = ?)"
                        + " AND (CAST(? AS text) IS NULL OR (table_schema = ? AND table_name = ?))"
                        + " ORDER BY table_name, index_name",
                (rs, i) -> new Deferred(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)),
                runId, runId, tableName, schema, tableName));
        long started = System.nanoTime();
        for (Deferred index : noted) {
            outage.run("build index " + index.name() + " of " + index.table() + " again", () -> build(index));
        }
        if (!noted.isEmpty()) {
            LOG.infof("%d deferred index(es) built in %.3f s: %s", noted.size(), (System.nanoTime() - started) / 1e9,
                    noted.stream().map(index -> index.table() + "." + index.name()).toList());
        }
    }

    /** The index as defined, with its comment, and its note gone, in one transaction. */
    private void build(Deferred index) {
        SchemaChange.commit(jdbc, (connection, statement) -> {
            statement.execute("SAVEPOINT build_index");
            try {
                statement.execute(index.definition());
                if (index.comment() != null) {
                    statement.execute("COMMENT ON INDEX " + qualified(index) + " IS " + Identifiers.literal(index.comment()));
                }
            } catch (SQLException e) {
                if (!"42P07".equals(e.getSQLState())) { // 42P07: built meanwhile (by hand, or a run before a crash)
                    throw e;
                }
                statement.execute("ROLLBACK TO SAVEPOINT build_index");
            }
            try (PreparedStatement done = connection.prepareStatement(
                    "DELETE FROM migrator.deferred_index WHERE table_schema = ? AND index_name = ?")) {
                done.setString(1, index.schema());
                done.setString(2, index.name());
                done.executeUpdate();
            }
            return null;
        });
    }

    private static String qualified(Deferred index) {
        return Identifiers.quote(index.schema()) + "." + Identifiers.quote(index.name());
    }
}
