package org.supabasemigrator.benchmark;

import java.util.StringJoiner;

/**
 * Scenario "many-tables": 60 small tables of 200 rows (bench.manyTables, bench.manyTablesRows), keyed in turn by
 * bigint, random uuid, text and a composite (bigint, text) key, every sixth referencing the first. Their rows
 * take no time to move; what the run costs is each table's fixed round trips (description, count, key bounds),
 * which at 150 ms per response add up to minutes unless they are made once and concurrently.
 */
final class ManyTablesDataset implements SourceDataset {

    private final int tables;
    private final long rows;

    ManyTablesDataset(BenchmarkSettings settings) {
        this.tables = settings.manyTables();
        this.rows = settings.scaled(settings.manyTablesRows());
    }

    @Override
    public String name() {
        return "many-tables";
    }

    @Override
    public String description() {
        return String.format("%d tables of %,d rows (%,d rows): bigint, uuid, text and (bigint, text) keys in turn",
                tables, rows, tables * rows);
    }

    @Override
    public String schemaSql() {
        StringBuilder ddl = new StringBuilder();
        for (int i = 1; i <= tables; i++) {
            ddl.append("CREATE TABLE ").append(table(i)).append(" (").append(switch (kind(i)) {
                case 0 -> "id bigint PRIMARY KEY";
                case 1 -> "id uuid PRIMARY KEY DEFAULT gen_random_uuid()";
                case 2 -> "code text PRIMARY KEY";
                default -> "account_id bigint NOT NULL, item text NOT NULL";
            }).append(", name text NOT NULL, amount numeric(12, 2), tags text[], data jsonb, created_at timestamptz NOT NULL");
            if (references(i)) {
                ddl.append(", ref_id bigint REFERENCES ").append(table(1)).append(" (id)");
            }
            if (kind(i) == 3) {
                ddl.append(", PRIMARY KEY (account_id, item)");
            }
            ddl.append(");\n");
        }
        return ddl.toString();
    }

    @Override
    public String dataSql() {
        StringBuilder sql = new StringBuilder();
        for (int i = 1; i <= tables; i++) {
            StringJoiner columns = new StringJoiner(", ");
            StringJoiner values = new StringJoiner(", ");
            switch (kind(i)) {
                case 0 -> add(columns, values, "id", "n");
                case 1 -> add(columns, values, "id", "gen_random_uuid()");
                case 2 -> add(columns, values, "code", "'k-' || md5('" + i + "-' || n)");
                default -> {
                    add(columns, values, "account_id", "1 + n % 10");
                    add(columns, values, "item", "'item-' || n");
                }
            }
            add(columns, values, "name", "'Строка ' || n || ' таблицы " + i + "'");
            add(columns, values, "amount", "CASE WHEN n % 7 = 0 THEN NULL ELSE round(n * 1.37, 2) END");
            add(columns, values, "tags", "ARRAY['t' || n % 5, CASE WHEN n % 3 = 0 THEN NULL ELSE 'x,y' END]");
            add(columns, values, "data", "jsonb_build_object('n', n, 'table', " + i + ", 'note', 'заметка \"' || n || '\"')");
            add(columns, values, "created_at", "timestamptz '2024-01-01 00:00:00.000001+00' + n * interval '1 minute'");
            if (references(i)) {
                add(columns, values, "ref_id", "1 + n % " + rows);
            }
            sql.append("INSERT INTO ").append(table(i)).append(" (").append(columns).append(") SELECT ").append(values)
                    .append(" FROM generate_series(1, ").append(rows).append(") AS n;\n");
        }
        return sql.toString();
    }

    private static void add(StringJoiner columns, StringJoiner values, String column, String value) {
        columns.add(column);
        values.add(value);
    }

    /** 0 bigint, 1 uuid, 2 text, 3 composite; the first table is bigint, so the others can reference it. */
    private static int kind(int i) {
        return (i - 1) % 4;
    }

    private static boolean references(int i) {
        return i > 1 && i % 6 == 0;
    }

    private static String table(int i) {
        return String.format("mt_%02d", i);
    }
}
