package org.supabasemigrator.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.supabasemigrator.config.MigratorSettings;
import org.supabasemigrator.model.Column;
import org.supabasemigrator.model.ColumnKind;
import org.supabasemigrator.model.ForeignKey;
import org.supabasemigrator.model.SourceForm;
import org.supabasemigrator.model.Table;
import org.supabasemigrator.model.Table.KeySource;
import org.supabasemigrator.model.Trigger;
import org.supabasemigrator.targetdb.TargetOutage;

/**
 * Reads table descriptions from the target's PostgreSQL catalog, so no list of JSONB or array columns, keys,
 * foreign keys or triggers is ever written by hand. Each column also carries its type as PostgREST's API
 * description names it (for the schema preflight) and the form it is asked of the source in.
 */
@ApplicationScoped
@Named("targetCatalog")
public class TargetCatalog {

    /**
     * Read with an empty search_path, so format_type qualifies every type outside pg_catalog with its schema, as
     * PostgREST's description does; a domain is described by its base type.
     */
    static final String COLUMNS = """
            WITH cols AS (
              SELECT a.attnum, a.attname, a.atttypid, a.atttypmod, a.attnotnull, a.attcollation,
                     a.atthasdef OR a.attidentity <> '' AS has_default, a.attidentity = 'a' AS identity_always,
                     a.attgenerated <> '' AS generated,
                     CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END AS base_oid,
                     CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END AS base_typmod
                FROM pg_attribute a
                JOIN pg_class c ON c.oid = a.attrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_type t ON t.oid = a.atttypid
               WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')
                 AND a.attnum > 0 AND NOT a.attisdropped)
            SELECT cols.attname,
                   format_type(cols.atttypid, cols.atttypmod) AS sql_type,
                   CASE WHEN bn.nspname = 'pg_catalog' THEN format_type(cols.base_oid, NULL)
                        ELSE format_type(cols.base_oid, cols.base_typmod) END AS api_type,
                   b.typcategory = 'A' AS is_array,
                   b.typname IN ('json', 'jsonb') AS is_json,
                   coalesce(e.typname IN ('json', 'jsonb'), false) AS element_is_json,
                   bn.nspname = 'pg_catalog' AND b.typname IN ('int2', 'int4', 'int8', 'numeric', 'float4', 'float8',
                       'bool', 'text', 'varchar', 'uuid') OR b.typtype = 'e' AS native,
                   b.typname = 'money' AND bn.nspname = 'pg_catalog' AS is_money,
                   cols.attcollation <> 0 AS collatable,
                   cols.attnotnull, cols.has_default, cols.identity_always, cols.generated,
                   NOT EXISTS (SELECT 1 FROM pg_cast c WHERE c.castsource = cols.base_oid
                                  AND c.casttarget = 'pg_catalog.text'::regtype AND c.castmethod = 'f') AS prints_own_text
              FROM cols
              JOIN pg_type b ON b.oid = cols.base_oid
              JOIN pg_namespace bn ON bn.oid = b.typnamespace
              LEFT JOIN pg_type e ON e.oid = b.typelem AND b.typcategory = 'A'
             ORDER BY cols.attnum
            """;

    private static final String PRIMARY_KEY = """
            SELECT a.attname
              FROM pg_index i
              JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
             WHERE i.indrelid = CAST(? AS regclass) AND i.indisprimary
             ORDER BY array_position(i.indkey, a.attnum)
            """;

    /** The unique index of fewest NOT NULL columns, without predicate or expressions: a key when there is no primary key. */
    private static final String UNIQUE_INDEX = """
            SELECT array_agg(a.attname ORDER BY array_position(i.indkey, a.attnum)) AS columns
              FROM pg_index i
              JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
             WHERE i.indrelid = CAST(? AS regclass) AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
             GROUP BY i.indexrelid, i.indnkeyatts
            HAVING bool_and(a.attnotnull) AND count(*) = i.indnkeyatts
             ORDER BY count(*), i.indexrelid
             LIMIT 1
            """;

    private static final String FOREIGN_KEYS = """
            SELECT k.conname, pn.nspname AS parent_schema, p.relname AS parent, k.confmatchtype = 'f' AS match_full,
                   pg_get_constraintdef(k.oid) AS definition,
                   pg_has_role(c.relowner, 'USAGE') AND has_table_privilege(k.confrelid, 'REFERENCES') AS liftable,
                   ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY AS u (attnum, i)
                           JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.i) AS columns,
                   ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY AS u (attnum, i)
                           JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum ORDER BY u.i) AS parent_columns
              FROM pg_constraint k
              JOIN pg_class c ON c.oid = k.conrelid
              JOIN pg_class p ON p.oid = k.confrelid
              JOIN pg_namespace pn ON pn.oid = p.relnamespace
             WHERE k.conrelid = CAST(? AS regclass) AND k.contype = 'f'
             ORDER BY k.conname
            """;

    private static final String TRIGGERS = """
            SELECT tgname, tgenabled IN ('R', 'A') AS fires_in_replica
              FROM pg_trigger
             WHERE tgrelid = CAST(? AS regclass) AND NOT tgisinternal AND tgenabled <> 'D'
             ORDER BY tgname
            """;

    private final JdbcTemplate jdbc;
    private final TargetOutage outage;
    private final Map<String, List<String>> configuredKeys;

    public TargetCatalog(JdbcTemplate jdbc, TargetOutage outage, MigratorSettings settings) {
        this.jdbc = jdbc;
        this.outage = outage;
        this.configuredKeys = settings.keyColumns();
    }

    /** The table, or empty when the target has no such table. */
    public Optional<Table> find(String schema, String table) {
        return outage.call("read the target catalog for " + schema + "." + table,
                () -> jdbc.execute((ConnectionCallback<Optional<Table>>) connection -> read(connection, schema, table)));
    }

    /** The target's tables in a schema (not partitions: their partitioned table stands for them). */
    public List<String> tables(String schema) {
        return outage.call("list the target's tables in " + schema, () -> jdbc.queryForList("""
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname
                """, String.class, schema));
    }

    /** The kind of relation a name is in the target schema ({@code r}, {@code v}, ...), empty when none. */
    public Optional<String> relationKind(String schema, String name) {
        return outage.call("read the target catalog for " + schema + "." + name, () -> jdbc.queryForList(
                "SELECT c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = ? AND c.relname = ?", String.class, schema, name).stream().findFirst());
    }

    private Optional<Table> read(Connection connection, String schema, String name) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement set = connection.createStatement()) {
            set.execute("SELECT set_config('search_path', '', true)");
            List<Column> columns = columns(connection, schema, name);
            if (columns.isEmpty()) {
                return Optional.empty();
            }
            String regclass = quote(schema) + "." + quote(name);
            List<String> key = strings(connection, PRIMARY_KEY, regclass);
            KeySource source = KeySource.PRIMARY_KEY;
            if (key.isEmpty()) {
                key = uniqueIndex(connection, regclass);
                source = KeySource.UNIQUE_INDEX;
            }
            boolean unique = !key.isEmpty();
            if (key.isEmpty() && configuredKeys.containsKey(name)) {
                key = List.copyOf(configuredKeys.get(name));
                source = KeySource.CONFIGURED;
            }
            if (key.isEmpty()) {
                source = KeySource.NONE;
            }
            boolean owned;
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT pg_has_role(relowner, 'USAGE') FROM pg_class WHERE oid = CAST(? AS regclass)")) {
                query.setString(1, regclass);
                try (ResultSet rs = query.executeQuery()) {
                    owned = rs.next() && rs.getBoolean(1);
                }
            }
            return Optional.of(new Table(schema, name, columns, key, source, unique, foreignKeys(connection, name, regclass),
                    triggers(connection, name, regclass), owned));
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }

    private static List<Column> columns(Connection connection, String schema, String table) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(COLUMNS)) {
            query.setString(1, schema);
            query.setString(2, table);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    ColumnKind kind = rs.getBoolean("is_array") ? ColumnKind.ARRAY
                            : rs.getBoolean("is_json") ? ColumnKind.JSON : ColumnKind.SCALAR;
                    SourceForm form = rs.getBoolean("is_money") ? SourceForm.NUMERIC
                            : rs.getBoolean("native") ? SourceForm.NATIVE : SourceForm.TEXT;
                    columns.add(new Column(rs.getString("attname"), rs.getString("sql_type"), rs.getString("api_type"),
                            kind, form, rs.getBoolean("element_is_json"), rs.getBoolean("collatable"),
                            rs.getBoolean("attnotnull"), rs.getBoolean("has_default"), rs.getBoolean("identity_always"),
                            rs.getBoolean("generated"), rs.getBoolean("prints_own_text")));
                }
            }
        }
        return columns;
    }

    private static List<String> uniqueIndex(Connection connection, String regclass) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(UNIQUE_INDEX)) {
            query.setString(1, regclass);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? Arrays.asList((String[]) rs.getArray(1).getArray()) : List.of();
            }
        }
    }

    private static List<ForeignKey> foreignKeys(Connection connection, String table, String regclass) throws SQLException {
        List<ForeignKey> keys = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(FOREIGN_KEYS)) {
            query.setString(1, regclass);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    keys.add(new ForeignKey(rs.getString("conname"), table,
                            Arrays.asList((String[]) rs.getArray("columns").getArray()), rs.getString("parent_schema"),
                            rs.getString("parent"), Arrays.asList((String[]) rs.getArray("parent_columns").getArray()),
                            rs.getBoolean("match_full"), rs.getString("definition"), rs.getBoolean("liftable")));
                }
            }
        }
        return keys;
    }

    private static List<Trigger> triggers(Connection connection, String table, String regclass) throws SQLException {
        List<Trigger> triggers = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(TRIGGERS)) {
            query.setString(1, regclass);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    triggers.add(new Trigger(table, rs.getString("tgname"), rs.getBoolean("fires_in_replica")));
                }
            }
        }
        return triggers;
    }

    private static List<String> strings(Connection connection, String sql, String regclass) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, regclass);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }

    private static String quote(String identifier) {
        return org.supabasemigrator.model.Identifiers.quote(identifier);
    }
}
