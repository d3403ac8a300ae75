package org.supabasemigrator.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * Reads table descriptions from the target's PostgreSQL catalog, so no list of JSONB or array columns is
 * ever written by hand.
 */
@ApplicationScoped
@Named("targetCatalog")
public class TargetCatalog {

    private static final String COLUMNS = """
            SELECT a.attname,
                   format_type(a.atttypid, a.atttypmod) AS sql_type,
                   format_type(a.atttypid, NULL) AS base_type,
                   t.typname,
                   t.typcategory = 'A' AS is_array,
                   coalesce(et.typname IN ('json', 'jsonb'), false) AS element_is_json,
                   a.attnotnull,
                   a.atthasdef OR a.attidentity <> '' AS has_default,
                   a.attidentity = 'a' AS identity_always,
                   a.attgenerated <> '' AS generated
              FROM pg_attribute a
              JOIN pg_class c ON c.oid = a.attrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_type t ON t.oid = a.atttypid
              LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
             WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')
               AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum
            """;

    private static final String PRIMARY_KEY = """
            SELECT a.attname
              FROM pg_index i
              JOIN pg_class c ON c.oid = i.indrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
             WHERE n.nspname = ? AND c.relname = ? AND i.indisprimary
             ORDER BY array_position(i.indkey, a.attnum)
            """;

    private final DataSource dataSource;

    public TargetCatalog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The table, or empty when the target has no such table. */
    public Optional<TargetTable> find(String schema, String table) {
        try (Connection connection = dataSource.getConnection()) {
            List<TargetColumn> columns = columns(connection, schema, table);
            if (columns.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new TargetTable(schema, table, columns, primaryKey(connection, schema, table)));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the target catalog for table " + schema + "." + table + ": "
                    + e.getMessage(), e);
        }
    }

    private static List<TargetColumn> columns(Connection connection, String schema, String table) throws SQLException {
        return query(connection, COLUMNS, schema, table, rs -> {
            String typeName = rs.getString("typname");
            ColumnKind kind = rs.getBoolean("is_array") ? ColumnKind.ARRAY
                    : typeName.equals("json") || typeName.equals("jsonb") ? ColumnKind.JSON
                    : ColumnKind.SCALAR;
            return new TargetColumn(rs.getString("attname"), rs.getString("sql_type"), rs.getString("base_type"), kind,
                    rs.getBoolean("element_is_json"), rs.getBoolean("attnotnull"), rs.getBoolean("has_default"),
                    rs.getBoolean("identity_always"), rs.getBoolean("generated"));
        });
    }

    private static List<String> primaryKey(Connection connection, String schema, String table) throws SQLException {
        return query(connection, PRIMARY_KEY, schema, table, rs -> rs.getString(1));
    }

    /** Runs a catalog query parameterised by schema and table, mapping each row. */
    private static <T> List<T> query(Connection connection, String sql, String schema, String table, RowMapper<T> mapper)
            throws SQLException {
        List<T> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, schema);
            statement.setString(2, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
        }
        return rows;
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }
}
