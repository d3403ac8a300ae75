-- Values that break naive migrations, on a schema created from schema.sql. Every table gets a few
-- hand-made hard rows; clients also gets 2,500 generated rows so every read crosses several pages.

INSERT INTO companies (id, yclients_id, title, phone, timezone, settings, raw_data, branch_ids, created_at, updated_at) VALUES
  (1, 962302, 'Салон «Красота» — "Beauty" \ O''Brien', '+79001234567', 'Europe/Moscow',
   '{"ai": {"model": "gpt", "temperature": 0.70, "stop": null}, "hours": [[9, 21], [10, 18]]}',
   'null', '{1,NULL,3}', '2024-03-10 08:15:30.123456+03', '2024-03-10 08:15:30.123456+03'),
  (9007199254740993, 9223372036854775807, E'Line one\nLine two\ttabbed 💇‍♀️', NULL, NULL,
   '{}', NULL, '{}', '1999-12-31 23:59:59.999999-08', '2024-06-01 00:00:00.000001+05:30');

INSERT INTO clients (id, company_id, yclients_id, name, phone, email, visit_history, preferences, ai_context,
                     goods_purchases, raw_data, ai_messages_count, ai_satisfaction_score, loyalty_level,
                     client_segment, total_spent, average_bill, visit_count, last_visit_date, favorite_staff_ids,
                     preferred_time_slots, tags, birth_date, is_blocked, external_uuid, created_at, updated_at) VALUES
  -- SQL NULL and JSON null side by side; nested nulls; numbers that a double would round
  (1, 1, 9007199254740993, 'Анна "Аня" Петрова', '+79990000001', NULL,
   '[{"date": "2024-01-05", "service_ids": [1, 2], "cost": 1500.000, "staff_id": null}]',
   NULL, 'null', '[]', '{"a": null, "big": 123456789012345678901234567890, "d": 1500.000, "neg": -0.5e-7}',
   0, 4.50, 'gold', 'VIP', 15300.500, 12345678901234567890.123456789, 12, '2024-02-29',
   '{1,NULL,3}', '{"утро","18:00-20:00"}', '{}', '1990-02-28', false,
   'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '2024-03-10 08:15:30.123456+03', '2024-03-10 08:15:30.123457+00'),
  -- arrays whose elements need quoting: commas, braces, quotes, backslashes, spaces, the word NULL, empty
  (2, 1, NULL, E'O''Connor \\ backslash', NULL, 'x@example.com', '{}', '{"nested": {"deeper": {"deepest": [1, [2, [3, null]]]}}}',
   '{"summary": "Клиент любит \"стрижку\"\nи укладку 💅", "escaped": "tab\there"}', NULL, NULL,
   NULL, NULL, NULL, NULL, 0.000, 0, NULL, NULL,
   '{}', ARRAY['a,b', '{brace}', 'quo"te', E'back\\slash', ' spaced ', 'NULL', '', NULL],
   ARRAY[NULL, NULL]::text[], NULL, true, NULL, '2000-01-01 00:00:00+00', NULL),
  -- long text and a large jsonb document
  (3, 9007199254740993, 2, repeat('Длинный текст ', 5000), '', '',
   (SELECT jsonb_agg(jsonb_build_object('date', '2024-01-01'::date + i, 'cost', i * 100.50, 'note', 'визит ' || i))
      FROM generate_series(1, 300) i),
   '{"emoji": "😀🎉", "zero": 0, "false": false, "empty": ""}', '[null]', '[[], {}]', '"just a string"',
   2147483647, 5.00, E'new\nline', 'tab\there', 99999999999.999, -1e-20, -2147483648, '0001-01-01',
   '{2147483647,-2147483648}', '{"{}"}', '{"\\\\"}', '9999-12-31', NULL,
   '00000000-0000-0000-0000-000000000000', '2024-06-01 12:00:00.5+14', '2024-06-01 12:00:00.5-12');

-- Generated clients: several pages, ids with gaps, a mix of NULL and values
INSERT INTO clients (id, company_id, yclients_id, name, phone, visit_history, preferences, ai_context, raw_data,
                     ai_messages_count, total_spent, average_bill, visit_count, last_visit_date,
                     favorite_staff_ids, preferred_time_slots, tags, is_blocked, created_at, updated_at)
SELECT 100 + i * 3, 1, 4000000000000000 + i, 'Клиент №' || i, '+7999' || lpad(i::text, 7, '0'),
       CASE WHEN i % 5 = 0 THEN NULL ELSE
           (SELECT jsonb_agg(jsonb_build_object('date', '2024-01-01'::date + v, 'service_ids', jsonb_build_array(v, v + 1),
                                                'cost', (v * 250)::numeric(10, 2)))
              FROM generate_series(1, i % 7) v) END,
       CASE WHEN i % 3 = 0 THEN 'null'::jsonb WHEN i % 3 = 1 THEN NULL ELSE jsonb_build_object('master', i % 12) END,
       jsonb_build_object('last_intent', 'book', 'turns', i % 40),
       jsonb_build_object('source', 'yclients', 'id', i),
       i % 50, (i * 10.125)::numeric(14, 3), (i / 7.0)::numeric, i % 30,
       '2024-01-01'::date + (i % 365),
       CASE WHEN i % 4 = 0 THEN '{}'::int[] ELSE ARRAY[i % 12, (i + 1) % 12, NULL] END,
       ARRAY['утро', 'вечер, после 18', 'slot "' || i || '"'],
       CASE WHEN i % 2 = 0 THEN NULL ELSE ARRAY['tag' || i] END,
       i % 10 = 0,
       '2024-01-01 00:00:00.000001+00'::timestamptz + i * interval '1 minute 1.000001 second',
       '2024-05-01 00:00:00+03'::timestamptz + i * interval '1 second'
  FROM generate_series(1, 2500) i;

INSERT INTO services (id, company_id, yclients_id, title, category_id, price_min, price_max, duration_minutes,
                      declensions, raw_data, staff_ids, tags, is_active, updated_at) VALUES
  (1, 1, 5000001, 'Стрижка женская', 10, 1500.00, 3000.50, 60,
   '{"nomn": "стрижка", "gent": "стрижки", "datv": "стрижке", "accs": "стрижку", "ablt": "стрижкой", "prep": "стрижке"}',
   '{"price": {"min": 1500, "max": 3000.50}}', '{1,2}', '{"hair","women"}', true, '2024-03-10 08:15:30.654321+03'),
  (2, 1, NULL, 'Маникюр "Гель-лак"', NULL, NULL, NULL, NULL, NULL, 'null', NULL, NULL, NULL, NULL);

INSERT INTO staff (id, company_id, yclients_id, name, specialization, rating, declensions, services, branch_ids,
                   work_days, raw_data, avatar, is_active, hired_on, updated_at) VALUES
  (1, 1, 7000001, 'Сергей', 'Барбер', 4.95,
   '{"nomn": "Сергей", "gent": "Сергея", "datv": "Сергею", "accs": "Сергея", "ablt": "Сергеем", "prep": "Сергее"}',
   '{1,2}', '{9007199254740993,-1}', '{"пн","вт","ср"}', '{}', '\x00ff10deadbeef', true, '2020-02-29',
   '2024-03-10 08:15:30.000001+03'),
  (2, 1, NULL, 'Мария', NULL, NULL, NULL, '{}', NULL, '{}', NULL, '\x', false, NULL, NULL);

INSERT INTO staff_schedules (id, staff_id, company_id, date, is_working, work_start, work_end, slots, updated_at) VALUES
  (1, 1, 1, '2024-03-11', true, '09:00', '21:00:00.5', '[{"from": "09:00", "to": "10:00", "free": true}]', now()),
  (2, 2, 1, '2024-03-11', false, NULL, NULL, '[]', NULL);

INSERT INTO bookings (id, company_id, client_id, yclients_record_id, datetime, service_ids, staff_id, status, cost,
                      comment, raw_data, created_at, updated_at) VALUES
  (1, 1, 1, 9007199254740995, '2024-03-12 15:30:00+03', '{1,2}', 1, 'confirmed', 4500.00,
   E'Клиент просит \"не опаздывать\"\nи кофе ☕', '{"record": {"id": 9007199254740995, "paid": false}}',
   '2024-03-10 08:15:30.123456+03', NULL),
  (2, 1, NULL, NULL, '2024-03-12 16:00:00.000001-03:30', '{}', NULL, NULL, NULL, NULL, NULL, NULL, NULL);

INSERT INTO dialog_contexts (id, company_id, user_id, state, context, messages, last_activity, updated_at) VALUES
  (1, 1, '79990000001@c.us', 'booking',
   '{"step": "choose_time", "selected": {"service": 1, "staff": null}, "slots": ["10:00", "11:30"]}',
   '[{"role": "user", "text": "Хочу на стрижку к Сергею"}, {"role": "assistant", "text": "На какое время?"}]',
   '2024-03-10 08:15:30.999999+03', '2024-03-10 08:15:30.999999+03');

INSERT INTO whatsapp_auth (company_id, creds, updated_at) VALUES
  ('962302', '{"noiseKey": {"private": {"type": "Buffer", "data": "AAEC"}}, "registered": true, "me": null}', now());

-- Composite keys whose parts hold the characters that delimit PostgREST filters
INSERT INTO whatsapp_keys (company_id, key_type, key_id, value, updated_at)
SELECT '962302', t.key_type, t.key_id, jsonb_build_object('keyData', md5(t.key_id)), '2024-03-10 08:15:30+03'
  FROM (VALUES ('pre-key', '1'), ('pre-key', '10'), ('pre-key', '2'), ('session', '79990000001.0'),
               ('session', '79990000001:12@s.whatsapp.net'), ('sender-key', 'group,with,commas'),
               ('sender-key', 'paren(s)'), ('sender-key', 'quote"d'), ('sender-key', 'back\slash'),
               ('sender-key', ' leading space'), ('app-state-sync-key', 'AAAAAB.x'), ('app-state-sync-key', 'null'))
       AS t (key_type, key_id);
INSERT INTO whatsapp_keys (company_id, key_type, key_id, value)
SELECT CASE WHEN i % 2 = 0 THEN '962302' ELSE '100' END, 'pre-key', 'k' || i, jsonb_build_object('n', i)
  FROM generate_series(1, 700) i;
