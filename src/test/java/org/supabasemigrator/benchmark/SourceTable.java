package org.supabasemigrator.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.supabasemigrator.testsupport.TestDatabase;

/**
 * A table of a scenario as the benchmark needs it: its primary key (columns in key order), the {@code select} list
 * the service asks PostgREST for, and its rows. Read from the database's catalog, so the drain, the content
 * comparison and the truncation work for any table and key, not a fixed list.
 *
 * @param selectList every column in table order, each one PostgREST prints as input text named plainly and the
 *                   others cast to text ({@code "visit_history"::text}), money as numeric: the service's rule
 *                   (integers, numerics, floats, booleans, text, varchar, uuid and enums come as they are)
 */
record SourceTable(String name, List<String> keyColumns, String selectList, long rows) {

    /** Every ordinary table of schema public with a primary key, by name. */
    static List<SourceTable> all(TestDatabase db) {
        List<SourceTable> tables = new ArrayList<>();
        for (List<String> row : db.rows("""
                SELECT c.relname,
                       (SELECT string_agg(a.attname, ',' ORDER BY k.ord)
                          FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                          JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum),
                       c.reltuples::bigint
                  FROM pg_class c
                  JOIN pg_namespace n ON n.oid = c.relnamespace
                  JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
                 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
                 ORDER BY c.relname""")) {
            String name = row.get(0);
            tables.add(new SourceTable(name, List.of(row.get(1).split(",")), selectList(db, name),
                    db.count("SELECT count(*) FROM " + quote(name))));
        }
        return tables;
    }

    /** The key as a SQL list, quoted: {@code "company_id", "key_type", "key_id"}. */
    String keySql() {
        return keyColumns.stream().map(SourceTable::quote).collect(Collectors.joining(", "));
    }

    String quotedName() {
        return quote(name);
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String selectList(TestDatabase db, String table) {
        List<String> columns = new ArrayList<>();
        for (List<String> c : db.rows("""
                SELECT a.attname,
                       CASE WHEN b.typname = 'money' THEN '::numeric'
                            WHEN bn.nspname = 'pg_catalog' AND b.typname IN ('int2', 'int4', 'int8', 'numeric', 'float4',
                                 'float8', 'bool', 'text', 'varchar', 'uuid') OR b.typtype = 'e' THEN ''
                            ELSE '::text' END
                  FROM pg_attribute a
                  JOIN pg_type t ON t.oid = a.atttypid
                  JOIN pg_type b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
                  JOIN pg_namespace bn ON bn.oid = b.typnamespace
                 WHERE a.attrelid = '%s'::regclass AND a.attnum > 0 AND NOT a.attisdropped
                 ORDER BY a.attnum""".formatted(("public." + quote(table)).replace("'", "''")))) {
            columns.add('"' + c.get(0).replace("\\", "\\\\").replace("\"", "\\\"") + '"' + c.get(1));
        }
        return String.join(",", columns);
    }
}
