-- Rows for appdb/schema.sql: hand-made hard values first, then generated rows so every table spans several pages
-- of 200 rows (about 10,000 rows). Times are fixed in the past, so an incremental run reads only what a test
-- changes; uuids are md5-derived, so tests can name rows: md5('user-' || n)::uuid is the n-th generated user.

-- ------------------------------------------------------------------------------------------ UserProfiles
INSERT INTO "UserProfiles" (id, email, "Display Name", "имя", "a.b", "x,y", "say ""hi""", "user", "select", "order",
                            "limit", "offset", status, past_statuses, credit, home, previous_addresses, avatar,
                            settings, metadata, created_at, updated_at) VALUES
  -- quotes, backslashes, tabs, newlines, Cyrillic, emoji; JSON null; json text with spacing and duplicate keys
  ('00000000-0000-0000-0000-000000000001', 'o''brien@example.com', E'O''Brien "Bob" \\ back\tslash\nnew line',
   'Пётр 🚀 «ёлка»', 'dot.ted', 0, E'"\\"', 'user', NULL, 0, 0, 0,
   'active', ARRAY['active', 'suspended', 'active']::user_status[], 0.00,
   ROW(E'Quote " and \\ backslash, comma (paren)', 'Zürich', NULL)::address,
   ARRAY[ROW('', NULL, 'NULL')::address, NULL, ROW(' spaced ', '{brace}', 'a,b')::address],
   '\x00ff5c22', '{"a":1,"a":2 ,  "b" : [1, 2.50, null], "s": "tab\there"}', 'null',
   '1999-12-31 23:59:59.999999-08', '2024-01-01 00:00:00.000001+05:30'),
  -- SQL NULL in every nullable column
  ('ffffffff-ffff-ffff-ffff-ffffffffffff', 'nulls@example.com', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
   NULL, NULL, 'invited', NULL, NULL, NULL, NULL, NULL, NULL, NULL,
   '2020-02-29 12:00:00+00', '2020-02-29 12:00:00+00'),
  -- empty values, a jsonb document with escapes and nested nulls, the largest values
  ('7a0e0b1c-2d3e-4f50-8a6b-7c8d9e0f1a2b', 'empty+tag@example.com', '', '', '', 2147483647, '', '', true,
   -2147483648, 2147483647, -1, 'deleted', '{}', 9999999999.99, ROW('', '', '')::address, '{}', '\x',
   '[]', '{"s": "tab\there \"q\" \\ 💇‍♀️\nline", "n": null, "big": 123456789012345678901234567890, "d": 1500.000,
          "arr": [null, [], {}], "empty": ""}',
   '2024-06-01 12:00:00.5+14', '2024-06-01 12:00:00.5-12');

INSERT INTO "UserProfiles" (id, email, "Display Name", "имя", "a.b", "x,y", "say ""hi""", "user", "select", "order",
                            "limit", "offset", status, past_statuses, credit, home, previous_addresses, avatar,
                            settings, metadata, created_at, updated_at)
SELECT md5('user-' || i)::uuid, 'user' || i || '@example.com', 'User ' || i, 'Пользователь №' || i,
       CASE WHEN i % 4 = 0 THEN NULL ELSE 'a.b ' || i END, i, 'hi "' || i || '"', 'u' || i, i % 2 = 0,
       i, i * 10, -i,
       (ARRAY['invited', 'active', 'suspended', 'deleted']::user_status[])[1 + i % 4],
       CASE WHEN i % 3 = 0 THEN NULL WHEN i % 3 = 1 THEN '{}'::user_status[]
            ELSE ARRAY['invited', 'active']::user_status[] END,
       CASE WHEN i % 5 = 0 THEN NULL ELSE (i * 1.25)::numeric(12, 2) END,
       ROW(i || ' Main St, apt "' || i % 9 || '"', CASE WHEN i % 2 = 0 THEN 'Москва' ELSE 'Springfield' END,
           lpad(i::text, 5, '0'))::address,
       CASE WHEN i % 4 = 0 THEN NULL
            ELSE ARRAY[ROW('Old St ' || i, 'Paris', NULL)::address, ROW('(x,y)', E'back\\slash', '0')::address] END,
       CASE WHEN i % 6 = 0 THEN NULL ELSE decode(md5(i::text), 'hex') END,
       CASE WHEN i % 7 = 0 THEN NULL ELSE ('{"theme": "dark",  "n": ' || i || ', "n": ' || (i + 1) || '}')::json END,
       CASE WHEN i % 3 = 0 THEN NULL WHEN i % 3 = 1 THEN 'null'::jsonb
            ELSE jsonb_build_object('plan', 'pro', 'seats', i, 'nested', jsonb_build_object('x', NULL)) END,
       timestamptz '2023-01-01 00:00:00+00' + i * interval '37 minutes 1.000001 seconds',
       timestamptz '2024-02-01 00:00:00+00' + i * interval '41 minutes 0.123457 seconds'
FROM generate_series(1, 1200) i;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM information_schema.columns
               WHERE table_name = 'UserProfiles' AND column_name = 'attributes') THEN
        UPDATE "UserProfiles"
           SET attributes = extensions.hstore(ARRAY['lang', 'quote"d key', 'back\slash', 'empty', 'nothing', 'имя'],
                                              ARRAY['ru', 'a "b", c', 'x\y', '', NULL, 'Ёж'])
         WHERE id = '00000000-0000-0000-0000-000000000001';
        UPDATE "UserProfiles" SET attributes = extensions.hstore('n', "x,y"::text) WHERE "x,y" % 3 = 1;
    END IF;
END
$$;

-- ------------------------------------------------------------------------------------------ rate_limits
INSERT INTO rate_limits ("limit", requests_per_minute, burst, description) VALUES
  ('a,b', 1, NULL, 'comma in the key'),
  ('with "quote"', 2, 0, 'quote in the key'),
  (E'back\\slash', 3, 1, 'backslash in the key'),
  ('space key', 4, 2, NULL),
  ('(paren)', 5, 3, 'parentheses'),
  ('dot.key', 6, 4, 'a dot'),
  ('null', 7, 5, 'the word null'),
  ('ключ', 8, 6, 'Cyrillic'),
  ('🚀', 9, 7, 'emoji');
INSERT INTO rate_limits ("limit", requests_per_minute, burst, description)
SELECT 'tier-' || lpad(i::text, 4, '0'), i * 10, CASE WHEN i % 3 = 0 THEN NULL ELSE i END,
       CASE WHEN i % 2 = 0 THEN E'line\nbreak ' || i ELSE 'tier ' || i END
FROM generate_series(1, 800) i;

-- ------------------------------------------------------------------------------------------ invoices
INSERT INTO invoices (user_id, plan, amount, total, tax_rate, billed_for, grace, paid_at, note, updated_at)
SELECT md5('user-' || (1 + i % 1200))::uuid,
       CASE WHEN i % 10 = 0 THEN NULL ELSE 'tier-' || lpad((1 + i % 800)::text, 4, '0') END,
       (i * 3.17)::numeric::money,
       (i * 1.2345)::numeric(14, 4),
       CASE WHEN i % 4 = 0 THEN NULL ELSE 0.2 END,
       CASE i % 5 WHEN 0 THEN 'empty'::tsrange
                  WHEN 1 THEN tsrange('2024-01-01'::timestamp + i * interval '1 hour', NULL, '[)')
                  ELSE tsrange('2024-01-01'::timestamp + i * interval '1 hour',
                               '2024-01-31 23:59:59.999999'::timestamp + i * interval '1 hour', '[]') END,
       CASE WHEN i % 6 = 0 THEN interval '-1 mon 2 days -03:04:05.000006' ELSE i * interval '1 day 2 hours 3.5 seconds' END,
       CASE WHEN i % 3 = 0 THEN NULL ELSE timestamptz '2024-03-01 00:00:00+00' + i * interval '13 minutes' END,
       CASE WHEN i % 8 = 0 THEN E'Счёт «' || i || E'»\t"paid" \\ 💳' ELSE NULL END,
       timestamptz '2024-03-01 00:00:00+00' + i * interval '17 minutes'
FROM generate_series(1, 3000) i;
DELETE FROM invoices WHERE id % 97 = 0;

-- ------------------------------------------------------------------------------------------ comments
-- Every third comment replies to one three ids later (a chain across pages: 3 -> 6 -> 9 -> ...), others to one
-- ten ids earlier or to none; comments whose id is 2 mod 3 have no replies.
INSERT INTO comments (id, author_id, reply_to, body, updated_at)
SELECT i,
       CASE WHEN i % 11 = 0 THEN NULL ELSE md5('user-' || (1 + i % 1200))::uuid END,
       CASE WHEN i % 3 = 0 AND i + 3 <= 2500 THEN i + 3
            WHEN i % 3 = 1 AND i > 10 THEN i - 10 END,
       CASE i % 4 WHEN 0 THEN 'Comment ' || i
                  WHEN 1 THEN E'Ответ на «' || i || E'»: "quoted" \\ back\tslash\nnext line 👍'
                  WHEN 2 THEN repeat('long ', 200) || i
                  ELSE E'{"not": "json"} , (a,b) \\N' END,
       timestamptz '2024-04-01 00:00:00+00' + i * interval '7 minutes'
FROM generate_series(1, 2500) i;
ALTER SEQUENCE comments_id_seq RESTART WITH 2501;

-- ------------------------------------------------------------------------------------------ tenant_pages
INSERT INTO tenant_pages (tenant_id, slug, title, "order", blocks, grid, scores, updated_at) VALUES
  (9007199254740993, 'a,b "c" \d', E'Tab\there', -1,
   ARRAY['"just a string"'::jsonb, '"with \"quotes\" and , commas {}"'::jsonb, '{"type": "p", "text": "a,b {c}"}'::jsonb,
         'null'::jsonb, NULL, '[1, "2", null]'::jsonb],
   '{{1,2,3},{4,5,6}}', '[0:2]={1,2,3}', '2024-05-01 00:00:00+00'),
  (9007199254740993, 'ключ/страница', NULL, NULL, '{}', '{}', '[-3:-1]={7,NULL,9}', '2024-05-01 00:00:00+00'),
  (1, 'empty', '', 0, NULL, NULL, NULL, '2024-05-01 00:00:00+00');
INSERT INTO tenant_pages (tenant_id, slug, title, "order", blocks, grid, scores, updated_at)
SELECT 1 + i % 7, 'page-' || i, 'Page ' || i, i,
       CASE WHEN i % 3 = 0 THEN NULL
            ELSE ARRAY[to_jsonb('text ' || i), jsonb_build_object('type', 'h1', 'n', i)] END,
       CASE WHEN i % 4 = 0 THEN NULL ELSE ARRAY[ARRAY[i, i + 1], ARRAY[i + 2, NULL]] END,
       CASE WHEN i % 2 = 0 THEN ('[0:2]={' || i || ',2,3}')::integer[] ELSE ARRAY[i] END,
       timestamptz '2024-05-01 00:00:00+00' + i * interval '3 minutes'
FROM generate_series(1, 1000) i;

-- ------------------------------------------------------------------------------------------ audit log-entries
INSERT INTO "audit log-entries" (source, seq, actor, client_ip, location, payload, details, logged_at)
SELECT (ARRAY['web', 'api', 'cron'])[1 + i % 3], i,
       CASE WHEN i % 5 = 0 THEN NULL ELSE md5('user-' || (1 + i % 1200))::uuid END,
       CASE WHEN i % 2 = 0 THEN ('10.0.' || (i % 256) || '.' || (i % 250) || '/24')::inet
            ELSE ('2001:db8::' || to_hex(i))::inet END,
       point(i * 0.5, -i * 0.25),
       CASE WHEN i % 6 = 0 THEN NULL ELSE ('{"k" : ' || i || ',   "k": "dup",' || E'\n' || ' "u": "\u00e9"}')::json END,
       CASE WHEN i % 3 = 0 THEN NULL WHEN i % 3 = 1 THEN 'null'::jsonb
            ELSE jsonb_build_object('action', 'login', 'ok', i % 2 = 0) END,
       timestamptz '2024-01-01 00:00:00+00' + i * interval '1 minute'
FROM generate_series(1, 1000) i;

-- ------------------------------------------------------------------------------------------ teams <-> members
INSERT INTO teams (id, name) SELECT t, 'Team ' || t FROM generate_series(1, 50) t;
INSERT INTO members (id, team_id, name)
SELECT i, CASE WHEN i % 13 = 0 THEN NULL ELSE 1 + i % 50 END, 'Member ' || i FROM generate_series(1, 600) i;
-- team t's lead is member t + 49, who belongs to team t: rows referencing each other
UPDATE teams SET lead_member_id = id + 49;
