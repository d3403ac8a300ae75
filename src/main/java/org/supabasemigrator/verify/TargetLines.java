package org.supabasemigrator.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.supabasemigrator.model.Column;
import org.supabasemigrator.model.Identifiers;
import org.supabasemigrator.model.SourceForm;
import org.supabasemigrator.model.TableMapping;

/**
 * Target rows as the target itself prints them, in the COPY text format: {@code COPY (SELECT ...) TO STDOUT}
 * with each column in the form its source values arrive in ({@code col::text}; money as numeric). A row the
 * target holds exactly as the source sent it prints the very line the transform made of the source row, so
 * equal rows are found by comparing bytes, without parsing a value in the target.
 */
final class TargetLines {

    private TargetLines() {
    }

    /** Lines of the target rows with keys in {@code (after, upTo]} ({@code after} null: from the first key). */
    static List<byte[]> inRange(Connection connection, TableMapping mapping, List<String> after, List<String> upTo)
            throws SQLException {
        List<String> conditions = new ArrayList<>();
        if (after != null) {
            conditions.add(keyRow(mapping) + " > " + literalRow(mapping, after));
        }
        if (upTo != null) {
            conditions.add(keyRow(mapping) + " <= " + literalRow(mapping, upTo));
        }
        return copy(connection, mapping, conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions));
    }

    /** Lines of at most {@code limit} target rows with keys in {@code [from, to]}, as the target orders keys. */
    static List<byte[]> between(Connection connection, TableMapping mapping, List<String> from, List<String> to,
            int limit) throws SQLException {
        return copy(connection, mapping, " WHERE " + keyRow(mapping) + " >= " + literalRow(mapping, from) + " AND "
                + keyRow(mapping) + " <= " + literalRow(mapping, to) + " LIMIT " + limit);
    }

    /**
     * Lines of the target rows with these keys: the keys as one array per key column, joined to the table by its
     * key index (COPY takes no parameters; a list of row literals would cost the planner a plan per key).
     */
    static List<byte[]> withKeys(Connection connection, TableMapping mapping, List<List<String>> keys) throws SQLException {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<Column> columns = mapping.keyColumnDefinitions();
        List<String> arrays = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> join = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            int column = i;
            String elements = keys.stream().map(k -> arrayElement(k.get(column))).collect(Collectors.joining(",", "{", "}"));
            arrays.add("CAST(" + Identifiers.literal(elements) + " AS " + columns.get(i).sqlType() + "[])");
            names.add("k" + i);
            join.add("t." + Identifiers.quote(columns.get(i).name()) + " = k.k" + i);
        }
        return copy(connection, mapping, "t", " FROM unnest(" + String.join(", ", arrays) + ") AS k ("
                + String.join(", ", names) + ") JOIN " + mapping.target().qualifiedName() + " t ON "
                + String.join(" AND ", join));
    }

    /** A value as an element of an array literal: always quoted, so commas, braces and the word NULL stay text. */
    private static String arrayElement(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static List<byte[]> copy(Connection connection, TableMapping mapping, String where) throws SQLException {
        return copy(connection, mapping, null, " FROM " + mapping.target().qualifiedName() + where);
    }

    /**
     * {@code from}: the FROM clause (and WHERE); {@code alias}: the table's alias in it, if any. The server sends
     * each row of a {@code COPY ... TO STDOUT} as one message (protocol: "always one per row"), so a message is a
     * line and nothing is scanned for newlines.
     */
    private static List<byte[]> copy(Connection connection, TableMapping mapping, String alias, String from)
            throws SQLException {
        String sql = "COPY (SELECT " + mapping.columns().stream().map(c -> (alias == null ? "" : alias + ".") + expression(c))
                .collect(Collectors.joining(", ")) + from + ") TO STDOUT";
        List<byte[]> lines = new ArrayList<>();
        CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
        try {
            for (byte[] row; (row = copy.readFromCopy()) != null;) {
                lines.add(Arrays.copyOf(row, row.length - 1)); // without its newline
            }
        } catch (SQLException | RuntimeException e) {
            if (copy.isActive()) {
                try {
                    copy.cancelCopy(); // the connection stays usable for the rollback
                } catch (SQLException cancelFailed) {
                    e.addSuppressed(cancelFailed);
                }
            }
            throw e;
        }
        return lines;
    }

    /**
     * The column printed as its source values arrive ({@code col::text}, money as numeric). Where that text is the
     * type's own output, COPY prints the column itself: the same bytes, without a text value made per value
     * (a third of the target's time printing rows of uuids, timestamps and jsonb).
     */
    static String expression(Column column) {
        String name = Identifiers.quote(column.name());
        if (column.form() == SourceForm.NUMERIC) {
            return name + "::numeric";
        }
        return column.printsOwnText() ? name : name + "::text";
    }

    private static String keyRow(TableMapping mapping) {
        return mapping.keyColumns().stream().map(Identifiers::quote).collect(Collectors.joining(", ", "(", ")"));
    }

    static String literalRow(TableMapping mapping, List<String> key) {
        List<Column> columns = mapping.keyColumnDefinitions();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            values.add("CAST(" + Identifiers.literal(key.get(i)) + " AS " + columns.get(i).sqlType() + ")");
        }
        return "(" + String.join(", ", values) + ")";
    }
}
