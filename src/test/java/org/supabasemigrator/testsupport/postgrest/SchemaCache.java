package org.supabasemigrator.testsupport.postgrest;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What PostgREST calls its schema cache: the tables and views of one schema with their columns,
 * read from the catalogs once. It validates identifiers from the URL, supplies the types that bind
 * parameters are cast to, and feeds the OpenAPI document. Immutable: a reload builds a new one.
 */
final class SchemaCache {

    /** One column. {@code castType} is the quoted, schema-qualified type to CAST bind values to. */
    record Column(String name, String nominalType, String baseType, String castType, boolean notNull,
                  String defaultExpr, Integer maxLength, String description, List<String> enumValues,
                  boolean primaryKey, String fkTable, String fkColumn) {
    }

    /** A table or view ({@code kind} is pg_class.relkind). Columns keep their catalog order. */
    record Table(String schema, String name, char kind, String description, List<Column> columns,
                 Map<String, Column> byName) {

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

    private static final String COLUMNS = """
            SELECT c.relname, c.relkind, obj_description(c.oid, 'pg_class') AS table_comment,
                   a.attname, format_type(a.atttypid, NULL) AS nominal_type,
                   format_type(CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END, NULL) AS base_type,
                   quote_ident(tn.nspname) || '.' || quote_ident(t.typname) AS cast_type,
                   a.attnotnull,
                   CASE WHEN a.attidentity <> '' OR a.attgenerated <> '' THEN 'generated'
                        ELSE pg_get_expr(d.adbin, d.adrelid) END AS default_expr,
                   CASE WHEN t.typname IN ('varchar', 'bpchar') AND a.atttypmod > 4 THEN a.atttypmod - 4 END AS max_length,
                   col_description(c.oid, a.attnum) AS column_comment,
                   (SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = a.atttypid) AS enum_values
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            JOIN pg_type t ON t.oid = a.atttypid
            JOIN pg_namespace tn ON tn.oid = t.typnamespace
            LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
            WHERE n.nspname = ? AND c.relkind IN ('r', 'v', 'm', 'f', 'p')
            ORDER BY c.relname, a.attnum""";

    private static final String PRIMARY_KEYS = """
            SELECT c.relname, a.attname
            FROM pg_constraint k
            JOIN pg_class c ON c.oid = k.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)
            WHERE n.nspname = ? AND k.contype = 'p'""";

    private static final String FOREIGN_KEYS = """
            SELECT c.relname, a.attname, fc.relname AS ref_table, fa.attname AS ref_column
            FROM pg_constraint k
            JOIN pg_class c ON c.oid = k.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_class fc ON fc.oid = k.confrelid
            CROSS JOIN LATERAL unnest(k.conkey, k.confkey) AS u(attnum, ref_attnum)
            JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum
            JOIN pg_attribute fa ON fa.attrelid = k.confrelid AND fa.attnum = u.ref_attnum
            WHERE n.nspname = ? AND k.contype = 'f'""";

    private final String schema;
    private final Map<String, Table> tables;

    private SchemaCache(String schema, Map<String, Table> tables) {
        this.schema = schema;
        this.tables = tables;
    }

    String schema() {
        return schema;
    }

    /** The table or view, or null when the schema has none of that name. */
    Table table(String name) {
        return tables.get(name);
    }

    /** All tables and views, sorted by name (the order of the OpenAPI document). */
    Iterable<Table> tables() {
        return tables.values();
    }

    static SchemaCache load(Connection connection, String schema) throws SQLException {
        Map<String, List<String>> primaryKeys = pairs(connection, PRIMARY_KEYS, schema);
        Map<String, String[]> foreignKeys = new LinkedHashMap<>();
        try (PreparedStatement st = connection.prepareStatement(FOREIGN_KEYS)) {
            st.setString(1, schema);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    foreignKeys.put(rs.getString(1) + "\u0000" + rs.getString(2), new String[] {rs.getString(3), rs.getString(4)});
                }
            }
        }

        Map<String, TableBuilder> builders = new TreeMap<>();
        try (PreparedStatement st = connection.prepareStatement(COLUMNS)) {
            st.setString(1, schema);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String tableName = rs.getString("relname");
                    char kind = rs.getString("relkind").charAt(0);
                    String comment = rs.getString("table_comment");
                    TableBuilder table = builders.computeIfAbsent(tableName, n -> new TableBuilder(n, kind, comment));
                    String columnName = rs.getString("attname");
                    String[] fk = foreignKeys.get(tableName + "\u0000" + columnName);
                    int maxLength = rs.getInt("max_length");
                    table.columns.add(new Column(columnName, rs.getString("nominal_type"), rs.getString("base_type"),
                            rs.getString("cast_type"), rs.getBoolean("attnotnull"), rs.getString("default_expr"),
                            rs.wasNull() || maxLength == 0 ? null : maxLength, rs.getString("column_comment"),
                            stringList(rs.getArray("enum_values")),
                            primaryKeys.getOrDefault(tableName, List.of()).contains(columnName),
                            fk == null ? null : fk[0], fk == null ? null : fk[1]));
                }
            }
        }
        Map<String, Table> tables = new TreeMap<>();
        builders.forEach((name, b) -> tables.put(name, b.build(schema)));
        return new SchemaCache(schema, Collections.unmodifiableMap(tables));
    }

    private static Map<String, List<String>> pairs(Connection connection, String sql, String schema) throws SQLException {
        Map<String, List<String>> result = new LinkedHashMap<>();
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            st.setString(1, schema);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    result.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return result;
    }

    private static List<String> stringList(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return List.of((String[]) array.getArray());
    }

    private static final class TableBuilder {
        final String name;
        final char kind;
        final String description;
        final List<Column> columns = new ArrayList<>();

        TableBuilder(String name, char kind, String description) {
            this.name = name;
            this.kind = kind;
            this.description = description;
        }

        Table build(String schema) {
            Map<String, Column> byName = new LinkedHashMap<>();
            columns.forEach(c -> byName.put(c.name(), c));
            return new Table(schema, name, kind, description, List.copyOf(columns), Collections.unmodifiableMap(byName));
        }
    }
}
