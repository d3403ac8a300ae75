-- {events} events whose payload holds {eventChunks} hex chunks (~{eventChunks} x 34 bytes as served) and
-- {documents} documents whose body and sections hold {documentChunks} chunks each half (~{documentChunks} x 33 bytes).
-- md5 chunks keep the text about as compressible as real text is for gzip and TOAST (roughly 2:1).
INSERT INTO events (id, account_id, kind, payload, note, amount, created_at)
SELECT n,
       md5('account' || n % 5000)::uuid,
       (ARRAY['page_view', 'click', 'purchase', 'signup', 'error'])[1 + n % 5],
       jsonb_build_object('session', md5('session' || n), 'seq', n, 'ok', n % 9 <> 0,
                          'trace', (SELECT array_agg(md5(k || '-' || n)) FROM generate_series(1, {eventChunks}) AS k)),
       CASE WHEN n % 4 = 0 THEN NULL ELSE 'Событие №' || n || ' "ok"' END,
       CASE WHEN n % 3 = 0 THEN NULL ELSE round((n % 100000) / 7.0, 2) END,
       timestamptz '2024-01-01 00:00:00.000001+00' + n * interval '1.000001 second'
FROM generate_series(1, {events}) AS n;

INSERT INTO documents (id, title, body, sections, tags, updated_at)
SELECT n,
       'Документ ' || n,
       (SELECT string_agg(md5(k || ':' || n), CASE WHEN k % 30 = 0 THEN E'\n' ELSE ' ' END)
          FROM generate_series(1, ({documentChunks} + 1) / 2) AS k),
       (SELECT jsonb_agg(jsonb_build_object('h', 'Раздел ' || s, 'text', t.text) ORDER BY s)
          FROM generate_series(1, 10) AS s
          CROSS JOIN LATERAL (SELECT string_agg(md5(s || '/' || k || '/' || n), ' ') AS text
                                FROM generate_series(1, greatest(1, {documentChunks} / 20)) AS k) AS t),
       ARRAY['draft', 'v' || n % 10, CASE WHEN n % 5 = 0 THEN NULL ELSE 'shared' END],
       timestamptz '2025-01-01 00:00:00+00' + n * interval '1 minute'
FROM generate_series(1, {documents}) AS n;
