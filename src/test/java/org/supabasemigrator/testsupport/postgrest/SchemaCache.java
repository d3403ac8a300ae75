package org.supabasemigrator.testsupport.postgrest;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What PostgREST calls its schema cache, for one exposed schema: its tables, views, materialized views,
 * foreign tables and partitioned tables (not partitions), read with PostgREST's own catalog queries
 * ({@code SchemaCache.hs}) under an empty search path, so that types and defaults print schema-qualified
 * as there. It feeds the OpenAPI document, the table lookup (PGRST205) and the JSON-path and full-text
 * decisions of the query builder; column names of a request are left to PostgreSQL to check, as in
 * PostgREST. Row-level security (whether enabled, and the policies) is read for the RLS emulation.
 * Immutable: a reload builds a new one.
 */
final class SchemaCache {

    /**
     * One column.
     *
     * @param dataType    PostgREST's {@code data_type}: {@code format_type(oid, NULL)} for pg_catalog types (and
     *                    the pg_catalog base type of a domain), else {@code format_type(oid, typmod)}, qualified
     * @param nominalType {@code format_type(oid, typmod)}
     */
    record Column(String name, String description, boolean nullable, String dataType, String nominalType,
                  Integer maxLength, String defaultExpr, List<String> enumValues) {
    }

    /** A single-column foreign key as the OpenAPI notes show it. */
    record ForeignKey(String table, String column) {
    }

    /** A row-level security policy for SELECT (or ALL); roles are names, {@code public} for PUBLIC. */
    record Policy(boolean permissive, List<String> roles, String using) {
    }

    /** A relation of the schema; {@code kind} is pg_class.relkind. Columns keep their catalog order. */
    record Table(String schema, String name, char kind, String description, boolean insertable, boolean updatable,
                 boolean deletable, List<String> primaryKey, List<Column> columns, Map<String, Column> byName,
                 Map<String, ForeignKey> foreignKeys, boolean rowSecurity, List<Policy> policies) {

        Column column(String columnName) {
            return byName.get(columnName);
        }

        boolean isView() {
            return kind == 'v' || kind == 'm';
        }

        String qualifiedName() {
            return Sql.ident(schema) + "." + Sql.ident(name);
        }
    }

    /** PostgREST's base_types CTE: the base type of (possibly nested) domains. */
    private static final String BASE_TYPES = """
            base_types AS (
              WITH RECURSIVE
              recurse AS (
                SELECT oid, typbasetype, typnamespace AS base_namespace, COALESCE(NULLIF(typbasetype, 0), oid) AS base_type
                FROM pg_type
                UNION
                SELECT t.oid, b.typbasetype, b.typnamespace AS base_namespace, COALESCE(NULLIF(b.typbasetype, 0), b.oid) AS base_type
                FROM recurse t
                JOIN pg_type b ON t.typbasetype = b.oid
              )
              SELECT oid, base_namespace, base_type
              FROM recurse
              WHERE typbasetype = 0
            )""";

    /** PostgREST's tablesSqlQuery, one row per column, for one schema. */
    private static final String COLUMNS = "WITH " + BASE_TYPES + """
            ,
            tbl_pk_cols AS (
              SELECT r.oid AS relid, array_agg(a.attname ORDER BY a.attname) AS pk_cols
              FROM pg_class r
              JOIN pg_constraint c ON r.oid = c.conrelid
              JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum = ANY (c.conkey)
              WHERE c.contype IN ('p') AND r.relkind IN ('r', 'p')
                AND r.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
                AND NOT pg_is_other_temp_schema(r.relnamespace) AND NOT a.attisdropped
              GROUP BY r.oid
            )
            SELECT
              c.relname AS table_name,
              c.relkind::text AS relkind,
              td.description AS table_description,
              (c.relkind IN ('r','p') OR (c.relkind IN ('v','f') AND (pg_relation_is_updatable(c.oid::regclass, TRUE) & 8) = 8)) AS insertable,
              (c.relkind IN ('r','p') OR (c.relkind IN ('v','f') AND (pg_relation_is_updatable(c.oid::regclass, TRUE) & 4) = 4)) AS updatable,
              (c.relkind IN ('r','p') OR (c.relkind IN ('v','f') AND (pg_relation_is_updatable(c.oid::regclass, TRUE) & 16) = 16)) AS deletable,
              coalesce(tpks.pk_cols, '{}') AS pk_cols,
              c.relrowsecurity,
              a.attname AS column_name,
              a.attnum,
              d.description AS column_description,
              CASE
                WHEN (t.typbasetype != 0) AND (ad.adbin IS NULL) THEN pg_get_expr(t.typdefaultbin, 0)
                WHEN a.attidentity = 'd' THEN format('nextval(%L)', seq.objid::regclass)
                WHEN a.attgenerated = 's' THEN null
                ELSE pg_get_expr(ad.adbin, ad.adrelid)::text
              END AS column_default,
              not (a.attnotnull OR t.typtype = 'd' AND t.typnotnull) AS is_nullable,
              CASE
                WHEN t.typtype = 'd' THEN
                  CASE
                    WHEN bt.base_namespace = 'pg_catalog'::regnamespace THEN format_type(bt.base_type, NULL::integer)
                    ELSE format_type(a.atttypid, a.atttypmod)
                  END
                ELSE
                  CASE
                    WHEN t.typnamespace = 'pg_catalog'::regnamespace THEN format_type(a.atttypid, NULL::integer)
                    ELSE format_type(a.atttypid, a.atttypmod)
                  END
              END::text AS data_type,
              format_type(a.atttypid, a.atttypmod)::text AS nominal_data_type,
              information_schema._pg_char_max_length(
                information_schema._pg_truetypid(a.*, t.*),
                information_schema._pg_truetypmod(a.*, t.*)
              )::integer AS character_maximum_length,
              coalesce((SELECT array_agg(enumlabel ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = bt.base_type), '{}') AS enum_values
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_description td ON td.objoid = c.oid AND td.objsubid = 0 AND td.classoid = 'pg_class'::regclass
            LEFT JOIN tbl_pk_cols tpks ON c.oid = tpks.relid
            LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            LEFT JOIN pg_description d ON d.objoid = a.attrelid AND d.objsubid = a.attnum AND d.classoid = 'pg_class'::regclass
            LEFT JOIN pg_attrdef ad ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
            LEFT JOIN pg_type t ON a.atttypid = t.oid
            LEFT JOIN base_types bt ON t.oid = bt.oid
            LEFT JOIN pg_depend seq ON seq.refobjid = a.attrelid AND seq.refobjsubid = a.attnum AND seq.deptype = 'i'
            WHERE c.relkind IN ('v','r','m','f','p')
              AND n.nspname = ?
              AND NOT pg_is_other_temp_schema(c.relnamespace)
              AND NOT c.relispartition
            ORDER BY c.relname, a.attnum""";

    /** Single and multi-column foreign keys of the schema's tables (allM2OandO2ORels, simplified). */
    private static final String FOREIGN_KEYS = """
            SELECT ns1.nspname AS table_schema, tab.relname AS table_name, traint.conname,
                   array_agg(cols.attname ORDER BY ord) AS cols,
                   other.relname AS foreign_table, array_agg(refs.attname ORDER BY ord) AS foreign_cols
            FROM pg_constraint traint
            JOIN pg_class tab ON tab.oid = traint.conrelid
            JOIN pg_namespace ns1 ON ns1.oid = tab.relnamespace
            JOIN pg_class other ON other.oid = traint.confrelid
            CROSS JOIN LATERAL unnest(traint.conkey, traint.confkey) WITH ORDINALITY AS _(col, ref, ord)
            JOIN pg_attribute cols ON cols.attrelid = traint.conrelid AND cols.attnum = col
            JOIN pg_attribute refs ON refs.attrelid = traint.confrelid AND refs.attnum = ref
            WHERE traint.contype = 'f' AND traint.conparentid = 0
            GROUP BY tab.relname, traint.conname, other.relname, ns1.nspname, traint.conrelid
            ORDER BY traint.conrelid, traint.conname""";

    /**
     * PostgREST's allViewsKeyDependencies: which view columns stand for a base table's primary or foreign
     * key columns, found by walking the views' stored query trees. Views get their primary key from it.
     */
    private static final String VIEW_KEY_DEPENDENCIES = """
            with recursive
            pks_fks as (
              select contype::text as contype, conname, array_length(conkey, 1) as ncol, conrelid as resorigtbl, col as resorigcol, ord
              from pg_constraint
              left join lateral unnest(conkey) with ordinality as _(col, ord) on true
              where contype IN ('p', 'f')
              union
              select concat(contype, '_ref') as contype, conname, array_length(confkey, 1) as ncol, confrelid, col, ord
              from pg_constraint
              left join lateral unnest(confkey) with ordinality as _(col, ord) on true
              where contype='f'
            ),
            views as (
              select c.oid as view_id, c.relnamespace as view_schema_id, n.nspname as view_schema, c.relname as view_name, r.ev_action as view_definition
              from pg_class c
              join pg_namespace n on n.oid = c.relnamespace
              join pg_rewrite r on r.ev_class = c.oid
              where c.relkind in ('v', 'm') and n.nspname not in ('pg_catalog', 'information_schema')
            ),
            transform_json as (
              select view_id, view_schema_id, view_schema, view_name,
                replace(replace(replace(replace(replace(replace(replace(
                regexp_replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
                  view_definition::text,
                '<>', '()'), ',', ''), E'\\\\{', ''), E'\\\\}', ''),
                ' :targetList ', ',"targetList":'), ' :resno ', ',"resno":'), ' :resorigtbl ', ',"resorigtbl":'),
                ' :resorigcol ', ',"resorigcol":'), '{', '{ :'), '((', '{(('), '({', '{({'),
                ' :[^}{,]+', ',"":', 'g'),
                ',"":}', '}'), ',"":,', ','), '{(', '('), '{,', '{'), '(', '['), ')', ']'), ' ', ',')::json as view_definition
              from views
            ),
            target_entries as (
              select view_id, view_schema_id, view_schema, view_name, json_array_elements(view_definition->0->'targetList') as entry
              from transform_json
            ),
            results as (
              select view_id, view_schema_id, view_schema, view_name,
                (entry->>'resno')::int as view_column, (entry->>'resorigtbl')::oid as resorigtbl, (entry->>'resorigcol')::int as resorigcol
              from target_entries
            ),
            recursion(view_id, view_schema_id, view_schema, view_name, view_column, resorigtbl, resorigcol, is_cycle, path) as (
              select r.*, false, ARRAY[resorigtbl]
              from results r
              where view_schema = ?
              union all
              select view.view_id, view.view_schema_id, view.view_schema, view.view_name, view.view_column, tab.resorigtbl,
                tab.resorigcol, tab.resorigtbl = ANY(path), path || tab.resorigtbl
              from recursion view
              join results tab on view.resorigtbl=tab.view_id and view.resorigcol=tab.view_column
              where not is_cycle
            ),
            repeated_references as (
              select view_id, view_schema, view_name, resorigtbl, resorigcol, array_agg(attname) as view_columns
              from recursion
              join pg_attribute vcol on vcol.attrelid = view_id and vcol.attnum = view_column
              group by view_id, view_schema, view_name, resorigtbl, resorigcol
            )
            select rep.view_name, pks_fks.conname as constraint_name, pks_fks.contype as constraint_type,
              sch.nspname as table_schema, tbl.relname as table_name,
              array_agg(col.attname order by pks_fks.ord) as table_columns,
              array_agg(array_to_string(view_columns, chr(1)) order by pks_fks.ord) as view_columns
            from repeated_references rep
            join pks_fks using (resorigtbl, resorigcol)
            join pg_class tbl on tbl.oid = rep.resorigtbl
            join pg_attribute col on col.attrelid = tbl.oid and col.attnum = rep.resorigcol
            join pg_namespace sch on sch.oid = tbl.relnamespace
            group by sch.nspname, tbl.relname, rep.view_schema, rep.view_name, pks_fks.conname, pks_fks.contype, pks_fks.ncol
            having ncol = array_length(array_agg(row(col.attname, view_columns) order by pks_fks.ord), 1)""";

    private static final String POLICIES = """
            SELECT c.relname, p.polpermissive,
                   ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r)::text END FROM unnest(p.polroles) r) AS roles,
                   pg_get_expr(p.polqual, p.polrelid) AS using_expr
            FROM pg_policy p
            JOIN pg_class c ON c.oid = p.polrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ? AND p.polcmd IN ('r', '*')
            ORDER BY c.relname, p.polname""";

    private static final String SCHEMA_DESCRIPTION = """
            SELECT pg_catalog.obj_description(n.oid, 'pg_namespace') FROM pg_namespace n WHERE n.nspname = ?""";

    private final String schema;
    private final String description;
    private final Map<String, Table> tables;

    private SchemaCache(String schema, String description, Map<String, Table> tables) {
        this.schema = schema;
        this.description = description;
        this.tables = tables;
    }

    String schema() {
        return schema;
    }

    /** The schema's comment: the OpenAPI document's title (and, after a newline, its description). */
    String description() {
        return description;
    }

    /** The relation, or null when the schema has none of that name. */
    Table table(String name) {
        return tables.get(name);
    }

    /** All relations, sorted by name. */
    Iterable<Table> tables() {
        return tables.values();
    }

    Set<String> tableNames() {
        return tables.keySet();
    }

    /**
     * Reads the schema. Runs in its own transaction with an empty search path (as PostgREST's
     * {@code set local schema ''}) and no statement timeout, so that a short API timeout never hits it.
     */
    static SchemaCache load(Connection connection, String schema) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (var st = connection.createStatement()) {
                st.execute("SET LOCAL statement_timeout = 0; SET LOCAL search_path TO ''");
            }
            return read(connection, schema);
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }

    private static SchemaCache read(Connection connection, String schema) throws SQLException {
        String description = null;
        try (PreparedStatement st = connection.prepareStatement(SCHEMA_DESCRIPTION)) {
            st.setString(1, schema);
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                    description = rs.getString(1);
                }
            }
        }

        // Single-column foreign keys by table and column, to any table of any schema.
        Map<String, Map<String, ForeignKey>> tableForeignKeys = new LinkedHashMap<>();
        Map<String, ForeignKey> byConstraint = new LinkedHashMap<>();
        try (PreparedStatement st = connection.prepareStatement(FOREIGN_KEYS); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                List<String> cols = strings(rs.getArray("cols"));
                List<String> foreignCols = strings(rs.getArray("foreign_cols"));
                if (cols.size() == 1) {
                    ForeignKey fk = new ForeignKey(rs.getString("foreign_table"), foreignCols.get(0));
                    if (schema.equals(rs.getString("table_schema"))) {
                        tableForeignKeys.computeIfAbsent(rs.getString("table_name"), t -> new LinkedHashMap<>())
                                .putIfAbsent(cols.get(0), fk);
                    }
                    byConstraint.put(rs.getString("table_schema") + "\u0000" + rs.getString("table_name") + "\u0000"
                            + rs.getString("conname"), fk);
                }
            }
        }

        Map<String, List<Policy>> policies = new LinkedHashMap<>();
        try (PreparedStatement st = connection.prepareStatement(POLICIES)) {
            st.setString(1, schema);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    policies.computeIfAbsent(rs.getString(1), t -> new ArrayList<>())
                            .add(new Policy(rs.getBoolean(2), strings(rs.getArray(3)), rs.getString(4)));
                }
            }
        }

        // Views: primary keys and foreign keys through their base tables.
        Map<String, List<String>> viewPrimaryKeys = new LinkedHashMap<>();
        Map<String, Map<String, ForeignKey>> viewForeignKeys = new LinkedHashMap<>();
        try (PreparedStatement st = connection.prepareStatement(VIEW_KEY_DEPENDENCIES)) {
            st.setString(1, schema);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String view = rs.getString("view_name");
                    String type = rs.getString("constraint_type");
                    List<String> viewColumns = strings(rs.getArray("view_columns"));
                    if (type.equals("p")) {
                        List<String> pk = viewPrimaryKeys.computeIfAbsent(view, v -> new ArrayList<>());
                        for (String columns : viewColumns) {
                            pk.add(columns.split("\u0001", -1)[0]); // the first reference to each key column
                        }
                    } else if (type.equals("f") && viewColumns.size() == 1) {
                        ForeignKey fk = byConstraint.get(rs.getString("table_schema") + "\u0000" + rs.getString("table_name")
                                + "\u0000" + rs.getString("constraint_name"));
                        if (fk != null) {
                            for (String column : viewColumns.get(0).split("\u0001", -1)) {
                                viewForeignKeys.computeIfAbsent(view, v -> new LinkedHashMap<>()).putIfAbsent(column, fk);
                            }
                        }
                    }
                }
            }
        }

        Map<String, TableBuilder> builders = new TreeMap<>(SchemaCache::compareCodePoints);
        try (PreparedStatement st = connection.prepareStatement(COLUMNS)) {
            st.setString(1, schema);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String tableName = rs.getString("table_name");
                    TableBuilder table = builders.get(tableName);
                    if (table == null) {
                        table = new TableBuilder(tableName, rs.getString("relkind").charAt(0), rs.getString("table_description"),
                                rs.getBoolean("insertable"), rs.getBoolean("updatable"), rs.getBoolean("deletable"),
                                strings(rs.getArray("pk_cols")), rs.getBoolean("relrowsecurity"));
                        builders.put(tableName, table);
                    }
                    String columnName = rs.getString("column_name");
                    if (columnName == null || table.columns.containsKey(columnName)) {
                        continue; // a table without columns, or a second pg_depend row for the same column
                    }
                    int maxLength = rs.getInt("character_maximum_length");
                    Integer max = rs.wasNull() ? null : maxLength;
                    table.columns.put(columnName, new Column(columnName, rs.getString("column_description"),
                            rs.getBoolean("is_nullable"), rs.getString("data_type"), rs.getString("nominal_data_type"),
                            max, rs.getString("column_default"), strings(rs.getArray("enum_values"))));
                }
            }
        }
        Map<String, Table> tables = new TreeMap<>(SchemaCache::compareCodePoints);
        builders.forEach((name, b) -> {
            boolean view = b.kind == 'v' || b.kind == 'm';
            List<String> pk = view ? viewPrimaryKeys.getOrDefault(name, List.of()) : b.primaryKey;
            Map<String, ForeignKey> fks = view ? viewForeignKeys.getOrDefault(name, Map.of())
                    : tableForeignKeys.getOrDefault(name, Map.of());
            tables.put(name, b.build(schema, pk, fks, policies.getOrDefault(name, List.of())));
        });
        return new SchemaCache(schema, description, Collections.unmodifiableMap(tables));
    }

    /** Haskell's Text ordering (by code point), which is how aeson orders object keys. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        List<String> list = new ArrayList<>(values.length);
        for (Object value : values) {
            list.add(value == null ? null : value.toString());
        }
        return list;
    }

    private static final class TableBuilder {
        final String name;
        final char kind;
        final String description;
        final boolean insertable;
        final boolean updatable;
        final boolean deletable;
        final List<String> primaryKey;
        final boolean rowSecurity;
        final Map<String, Column> columns = new LinkedHashMap<>();

        TableBuilder(String name, char kind, String description, boolean insertable, boolean updatable, boolean deletable,
                     List<String> primaryKey, boolean rowSecurity) {
            this.name = name;
            this.kind = kind;
            this.description = description;
            this.insertable = insertable;
            this.updatable = updatable;
            this.deletable = deletable;
            this.primaryKey = primaryKey;
            this.rowSecurity = rowSecurity;
        }

        Table build(String schema, List<String> pk, Map<String, ForeignKey> fks, List<Policy> policies) {
            return new Table(schema, name, kind, description, insertable, updatable, deletable,
                    List.copyOf(new LinkedHashSet<>(pk)), List.copyOf(columns.values()),
                    Collections.unmodifiableMap(new LinkedHashMap<>(columns)), Map.copyOf(fks), rowSecurity,
                    List.copyOf(policies));
        }
    }
}
