-- Rows of the "app" scenario: {profiles} profiles, {posts} posts, {tags} tags, 1-3 tags per post and {comments}
-- comments, a third of them replies. Keys are random uuids (so their order has nothing to do with insertion
-- order); everything else is derived from generate_series. Temporary tables map row numbers to the random keys.

CREATE TEMP TABLE profile_keys AS SELECT n, gen_random_uuid() AS id FROM generate_series(1, {profiles}) AS n;
CREATE TEMP TABLE post_keys AS
    SELECT n, gen_random_uuid() AS id, 1 + (n::bigint * 7919) % {profiles} AS author_n FROM generate_series(1, {posts}) AS n;
CREATE INDEX ON profile_keys (n);
CREATE INDEX ON post_keys (n);

CREATE TEMP TABLE words AS SELECT ARRAY['supabase', 'postgres', 'миграция', 'данные', 'release', 'ночью', 'быстро',
    'кофе', 'weekend', 'проект', 'deploy', 'ошибка', 'fixed', 'спасибо', 'question', 'идея', 'design', 'команда',
    '"quoted"', 'back\slash', 'emoji 🚀', 'tab	here', 'line
break', 'café', 'naïve', '{braces}', '(parens)', 'comma,separated', 'percent 100%', 'under_score'] AS w;

INSERT INTO profiles (id, username, display_name, bio, avatar_url, website, settings, created_at, updated_at)
SELECT p.id,
       'user_' || p.n,
       CASE WHEN p.n % 17 = 0 THEN NULL ELSE initcap(w[1 + p.n % 30]) || ' ' || initcap(w[1 + (p.n * 7) % 30]) END,
       CASE WHEN p.n % 5 = 0 THEN NULL
            ELSE (SELECT string_agg(w[1 + (p.n * k * 13) % 30], ' ') FROM generate_series(1, 10 + p.n % 40) AS k) END,
       'https://cdn.example.com/avatars/' || md5('avatar' || p.n) || '.png',
       CASE WHEN p.n % 3 = 0 THEN 'https://example.com/~' || p.n END,
       jsonb_build_object('theme', CASE WHEN p.n % 2 = 0 THEN 'dark' ELSE 'light' END, 'locale', 'ru-RU',
                          'notifications', jsonb_build_object('email', p.n % 3 = 0, 'push', true, 'digest', NULL),
                          'muted', jsonb_build_array(p.n % 7, p.n % 11)),
       timestamptz '2022-01-01 00:00:00.000001+00' + p.n * interval '37 minutes 0.123457 second',
       CASE WHEN p.n % 4 = 0 THEN NULL ELSE timestamptz '2025-01-01 12:00:00+00' + p.n * interval '1 minute' END
FROM profile_keys AS p, words;

INSERT INTO posts (id, author_id, title, body, metadata, likes, score, published, created_at, updated_at)
SELECT q.id,
       a.id,
       initcap(w[1 + q.n % 30]) || ' ' || w[1 + (q.n * 3) % 30] || ' #' || q.n,
       (SELECT string_agg(w[1 + (q.n * k * 31 + k) % 30], CASE WHEN k % 12 = 0 THEN E'.\n' ELSE ' ' END)
          FROM generate_series(1, 40 + q.n % 120) AS k),
       CASE WHEN q.n % 9 = 0 THEN NULL WHEN q.n % 9 = 1 THEN 'null'::jsonb
            ELSE jsonb_build_object('lang', CASE WHEN q.n % 2 = 0 THEN 'ru' ELSE 'en' END, 'reading_minutes', 1 + q.n % 12,
                                    'links', jsonb_build_array('https://example.com/p/' || q.n), 'pinned', q.n % 50 = 0) END,
       (q.n * 37) % 5000,
       CASE WHEN q.n % 8 = 0 THEN NULL ELSE round(((q.n * 7919) % 100000) / 1000.0, 3) END,
       q.n % 10 <> 0,
       timestamptz '2023-01-01 00:00:00+00' + q.n * interval '11 minutes 0.000321 second',
       CASE WHEN q.n % 3 = 0 THEN NULL ELSE timestamptz '2025-06-01 00:00:00+00' + q.n * interval '13 seconds' END
FROM post_keys AS q JOIN profile_keys AS a ON a.n = q.author_n, words;

INSERT INTO tags (name, description, color, created_at)
SELECT w[1 + t % 30] || '-' || lpad(t::text, 5, '0'),
       CASE WHEN t % 4 = 0 THEN NULL ELSE 'Posts about ' || w[1 + t % 30] || ', ' || w[1 + (t * 7) % 30] END,
       '#' || substr(md5('color' || t), 1, 6),
       timestamptz '2022-06-01 00:00:00+00' + t * interval '1 hour'
FROM generate_series(1, {tags}) AS t, words;

INSERT INTO post_tags (post_id, tag, tagged_at)
SELECT q.id, tg.name, timestamptz '2023-01-01 00:00:00+00' + q.n * interval '11 minutes' + k * interval '1 second'
FROM post_keys AS q
CROSS JOIN LATERAL generate_series(1, 1 + (q.n % 3 = 0)::int + (q.n % 5 = 0)::int) AS k
CROSS JOIN LATERAL (SELECT 1 + (q.n * 31 + k * 577) % {tags} AS t) AS pick
JOIN (SELECT t, w[1 + t % 30] || '-' || lpad(t::text, 5, '0') AS name FROM generate_series(1, {tags}) AS t, words) AS tg
  ON tg.t = pick.t;

INSERT INTO comments (id, post_id, author_id, parent_id, body, reactions, edited, created_at)
SELECT c.n,
       q.id,
       a.id,
       CASE WHEN c.n % 3 = 0 AND c.n > 20 THEN c.n - 1 - c.n % 17 END,
       (SELECT string_agg(w[1 + (c.n * k * 17 + k) % 30], ' ') FROM generate_series(1, 5 + c.n % 45) AS k),
       CASE WHEN c.n % 4 = 0 THEN NULL
            ELSE jsonb_build_object('👍', c.n % 13, '❤️', c.n % 5, 'by', jsonb_build_array(c.n % 100, NULL)) END,
       CASE WHEN c.n % 7 = 0 THEN NULL ELSE c.n % 2 = 0 END,
       timestamptz '2023-02-01 00:00:00+00' + c.n * interval '5 minutes 0.000007 second'
FROM generate_series(1, {comments}) AS c(n)
JOIN post_keys AS q ON q.n = 1 + (c.n::bigint * 104729) % {posts}
JOIN profile_keys AS a ON a.n = 1 + (c.n::bigint * 15485863) % {profiles}, words;

SELECT setval(pg_get_serial_sequence('comments', 'id'), {comments});
