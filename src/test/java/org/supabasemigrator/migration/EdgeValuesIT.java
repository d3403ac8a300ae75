package org.supabasemigrator.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.supabasemigrator.testsupport.AppFixture;
import org.supabasemigrator.testsupport.ContentComparison;
import org.supabasemigrator.testsupport.ControlApi;
import org.supabasemigrator.testsupport.ServiceProcess;

import io.restassured.response.Response;

/**
 * Values at the edges of their types, as real projects hold them: a float's NaN and infinities and its smallest
 * and largest magnitudes, numeric's NaN, infinities and 1000 digits, timestamps at infinity and before Christ,
 * every byte of a bytea, array elements that are NULL, the word NULL, empty, or full of quotes and braces, json
 * kept exactly as written (spacing, duplicate keys), ranges empty and unbounded, bit strings, text search
 * vectors, xml, money below zero, enum labels with spaces and quotes. Each arrives equal, and is verified. And
 * keys at the edge of their order: a text key the target orders by another collation than the source.
 */
class EdgeValuesIT {

    static final Duration TIMEOUT = Duration.ofMinutes(2);

    static final String SCHEMA = """
            CREATE TYPE "mood kind" AS ENUM ('so-so', 'it''s "fine"', 'a,b {c}');
            CREATE TABLE edge_values (
                id        bigint PRIMARY KEY,
                f8        double precision,
                f4        real,
                n         numeric,
                n_scaled  numeric(30, 10),
                ts        timestamptz,
                local_ts  timestamp,
                d         date,
                tm        time,
                tmtz      timetz,
                iv        interval,
                raw       bytea,
                words     text[],
                grid      float8[],
                stamps    timestamptz[],
                docs      jsonb[],
                doc       json,
                docb      jsonb,
                during    tstzrange,
                nums      numrange,
                days      daterange,
                flags     bit(8),
                vflags    bit varying,
                search    tsvector,
                page      xml,
                cash      money,
                mood      "mood kind",
                moods     "mood kind"[],
                mac       macaddr,
                big       bigint,
                small     smallint,
                note      text
            );
            """;

    static final String ROWS = """
            INSERT INTO edge_values VALUES
             (1, 'NaN', 'NaN', 'NaN', 0, 'infinity', 'infinity', 'infinity', '24:00:00', '00:00:00+14', '-178000000 years',
              (SELECT string_agg(set_byte('\\x00'::bytea, 0, i), ''::bytea) FROM generate_series(0, 255) i),
              ARRAY[NULL, 'NULL', '', ' ', '"', '\\', '{}', 'a,b', 'tab	x', E'line\\nbreak'],
              '{NaN,Infinity,-Infinity,-0}', '{infinity,-infinity}', ARRAY['{"a": [1, {"b": null}]}'::jsonb, '"s"', 'null'],
              '{"k":1, "k":2,   "z" : [ ]}', '{"big": 1e400, "esc": "\\u00e9\\"\\\\", "deep": [[[[[[{"x": []}]]]]]]}',
              'empty', '(,)', '[-infinity,infinity)', B'10101010', B'', 'a:1 fat:2,3 ''x y'':4', '<a b="1">t&amp;</a>',
              '-92233720368547758.08', 'it''s "fine"', '{so-so,"a,b {c}",NULL}', '08:00:2b:01:02:03',
              9223372036854775807, -32768, NULL),
             (2, 'Infinity', '-Infinity', 'Infinity', -99999999999999999999.9999999999, '-infinity', '-infinity',
              '-infinity', '00:00:00', '23:59:59.999999-15:59', '1 year 2 mons 3 days 04:05:06.789',
              '', '{}', '{{1.5,2},{3,4}}', '{}', '{}', '[]', '[]', '[2024-01-01 00:00:00+00,)', '[1.5,2.5]',
              '[2024-01-01,2024-01-02)', B'00000000', B'1', '', '<!-- c --><x/>', '0', 'so-so', '{}', 'ff:ff:ff:ff:ff:ff',
              -9223372036854775808, 32767, ''),
             (3, 1.7976931348623157e308, 1.4e-45, repeat('9', 1000)::numeric / 7, 12345678901234567890.0123456789,
              '0044-03-15 12:00:00+00 BC', '4713-01-01 00:00:00 BC', '294276-12-31', '12:34:56.789012',
              '12:34:56.789012+05:30', '-1 days +02:03', '\\xdeadbeef', '{{a,b},{"c d","e\\"f"}}', '[0:1]={5e-324,-1.1}',
              '{"2024-02-29 23:59:59.999999+00"}', ARRAY['{}'::jsonb], 'null', '"just a string"', '(2024-01-01,2024-01-01]',
              'empty', '(,2024-01-01]', B'11111111', B'0101010101010101010101', 'ünïcödé:1 日本語:2', 'plain text',
              '1234567.89', 'a,b {c}', '{"it''s \\"fine\\""}', '00:00:00:00:00:00', 0, 0, repeat('长', 100000)),
             (4, -0.0, 3.4028235e38, -0.000000000000000000001, 0.0000000001, '1970-01-01 00:00:00+00',
              '2000-02-29 12:00:00', '2000-02-29', '00:00:00.000001', '00:00:00+00', '0', '\\x', '{NULL}', '{NULL}',
              '{NULL}', '{NULL}', '{"a" : "b" , "a":"c"}', '{"": "", "a b": {"c": "\\t\\n"}}', NULL, NULL, NULL, NULL, NULL,
              NULL, NULL, NULL, NULL, '{NULL}', NULL, 1, 1, E'\\\\N'),
             (5, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
              NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, E'\\\\.');
            """;

    /**
     * The source orders its keys by C.UTF-8 ('B' before 'a'), the target by ICU's root collation ('a' before 'B',
     * accents beside their letters): a batch's keys, contiguous at the source, are scattered in the target.
     */
    static final String WORDS = "CREATE TABLE words (word text %s PRIMARY KEY, n integer NOT NULL, meaning jsonb);";
    static final String WORD_ROWS = "INSERT INTO words SELECT w, i, jsonb_build_object('i', i) FROM (SELECT i,"
            + " (ARRAY['a', 'B', 'é', 'E', 'z', 'Ä', '1', '_'])[1 + i % 8] || (ARRAY['x', 'Y', 'ü', 'U'])[1 + i / 8 % 4]"
            + " || i AS w FROM generate_series(1, 3000) i) s";

    AppFixture fixture;

    @AfterEach
    void dropDatabases() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void valuesAtTheEdgesOfTheirTypesAndKeysTheTargetOrdersOtherwiseArriveEqualAndVerified() {
        fixture = new AppFixture("edgeValues");
        AppFixture f = fixture;
        f.source.execute(SCHEMA + ROWS + WORDS.formatted("") + WORD_ROWS);
        f.target.execute(SCHEMA + WORDS.formatted("COLLATE \"und-x-icu\""));
        f.server.reloadSchemaCache();
        try (ServiceProcess service = f.startService("edge")) {
            ControlApi api = f.api(service);
            long id = api.start("{\"tables\":[\"edge_values\",\"words\"]}");
            Response run = api.awaitEnd(id, TIMEOUT);
            assertThat(run.jsonPath().getString("state")).as(run.asString()).isEqualTo("SUCCEEDED");
            assertThat(CutoverIT.table(run, "edge_values")).containsEntry("written", 5).containsEntry("verified", true);
            assertThat(CutoverIT.table(run, "words")).containsEntry("written", 3000).containsEntry("verified", true);
            assertThat(f.deadLetters(id)).isEmpty();
        }
        assertThat(ContentComparison.differences(f.source, f.target, "edge_values", "id", Set.of())).isEmpty();
        assertThat(ContentComparison.differences(f.source, f.target, "words", "word COLLATE \"C\"", Set.of()))
                .isEmpty();
    }
}
