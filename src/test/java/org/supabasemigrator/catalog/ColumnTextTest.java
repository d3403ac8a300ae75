package org.supabasemigrator.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.supabasemigrator.model.Column;
import org.supabasemigrator.testsupport.TestDatabase;

/**
 * Verification prints a target column without a cast where the catalog finds that its cast to text is its own
 * output ({@link Column#printsOwnText()}), and compares the line with the source's, which sends {@code col::text}.
 * So for every column the catalog marks, {@code COPY} of the column must print exactly what {@code COPY} of its
 * text cast prints; the types whose cast to text is a function of its own keep the cast.
 */
class ColumnTextTest {

    private static final String TYPES = """
            CREATE TYPE mood AS ENUM ('sad', 'ok');
            CREATE DOMAIN flag AS boolean;
            CREATE DOMAIN label AS text CHECK (VALUE <> '');
            CREATE TYPE pair AS (a integer, b text);
            CREATE TABLE zoo (
                id bigint PRIMARY KEY, b boolean, f flag, c char(5), vc varchar(10), n name, ch "char", i inet,
                cd cidr, u uuid, ts timestamptz, t timestamp, d date, tm time, iv interval, num numeric(10, 3),
                fl float8, j json, jb jsonb, arr integer[], barr boolean[], carr char(3)[], m mood, l label, p pair,
                by bytea, x xml, mo money, pt point, r int4range, bits bit varying(8));
            INSERT INTO zoo VALUES (1, true, false, 'ab', 'x y', 'nm', 'q', '10.1.2.3', '10.0.0.0/16',
                '6ecd8c99-4036-403d-bf84-cf8400f67836', '2024-01-02 03:04:05.678901+05', '2024-01-02 03:04:05',
                '2024-01-02', '03:04:05', '1 day 2 hours', 1.5, 0.1, '{"a": 1,  "a": 2}', '{"b": [1, 2], "s": "tab\\there"}',
                '{1,2}', '{t,f}', '{a,bc}', 'ok', 'lbl', ROW(1, 'x y'), '\\x00ff', '<a>1</a>', 12.34, '(1,2)', '[1,5)',
                B'101');
            INSERT INTO zoo (id) VALUES (2);
            """;

    @Test
    void aColumnPrintedWithoutItsCastPrintsWhatItsTextCastPrints() throws Exception {
        try (TestDatabase db = TestDatabase.create("column_text"); Connection connection = db.connect()) {
            connection.createStatement().execute(TYPES);
            Map<String, Boolean> printsOwnText = new LinkedHashMap<>();
            try (PreparedStatement columns = connection.prepareStatement(TargetCatalog.COLUMNS)) {
                columns.setString(1, "public");
                columns.setString(2, "zoo");
                try (ResultSet rs = columns.executeQuery()) {
                    while (rs.next()) {
                        printsOwnText.put(rs.getString("attname"), rs.getBoolean("prints_own_text"));
                    }
                }
            }

            printsOwnText.forEach((column, own) -> {
                if (own) {
                    assertThat(copy(connection, "\"" + column + "\"")).as(column)
                            .isEqualTo(copy(connection, "\"" + column + "\"::text"));
                }
            });
            // boolean prints t (its cast: true), inet its mask, char(n) its padding, name and "char" via functions
            assertThat(printsOwnText).containsEntry("b", false).containsEntry("f", false).containsEntry("i", false)
                    .containsEntry("c", false).containsEntry("n", false).containsEntry("ch", false)
                    .containsEntry("cd", false);
            assertThat(copy(connection, "b")).isNotEqualTo(copy(connection, "b::text"));
            // what verification gains: the common types print as they are
            assertThat(printsOwnText).containsEntry("u", true).containsEntry("ts", true).containsEntry("jb", true)
                    .containsEntry("j", true).containsEntry("num", true).containsEntry("arr", true)
                    .containsEntry("barr", true).containsEntry("m", true).containsEntry("l", true)
                    .containsEntry("vc", true).containsEntry("p", true);
        }
    }

    private static String copy(Connection connection, String expression) {
        try {
            StringWriter out = new StringWriter();
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyOut("COPY (SELECT " + expression + " FROM zoo ORDER BY id) TO STDOUT", out);
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException(expression + ": " + e.getMessage(), e);
        }
    }
}
