-- A deterministic sample of the beauty salon bot's data, shaped like the Supabase source
-- (see shared/context/source-system.md). Run it on a database created from schema.sql.
-- Row counts match the real first migration: 1 company, 1,304 clients, 63 services, 12 staff,
-- 44 staff_schedules, 45 bookings, 21 dialog_contexts, 1 whatsapp_auth, 1,127 whatsapp_keys.
-- No random(): every value is derived from generate_series, so each run produces the same rows.
-- The awkward values are on purpose: numerics with scale, ids above 2^53, jsonb SQL NULL vs JSON
-- null vs {} / [], arrays with NULL elements or elements holding commas and quotes, microseconds.

-- The salon. Its id is the CRM's company id; the WhatsApp tables key it as text '962302'.
INSERT INTO companies (id, yclients_id, title, phone, timezone, settings, raw_data, branch_ids, created_at, updated_at)
VALUES (962302, 962302, 'Салон красоты «Лиза»', '+7 (495) 123-45-67', 'Europe/Moscow',
        '{"booking_window_days": 30, "reminder_hours": [24, 2], "greeting": "Здравствуйте! Это салон «Лиза» 💇", "ai": {"model": "gpt-4o-mini", "temperature": 0.3, "fallback": null}}',
        '{"id": 962302, "title": "Салон красоты «Лиза»", "city": "Москва", "address": "ул. Тверская, д. 7, стр. 1", "coordinate_lat": 55.757814, "coordinate_lon": 37.611283, "business_type_id": 1}',
        '{962302,962303}',
        '2023-02-14 09:30:15.123456+03', '2025-11-20 18:45:01.000001+03');

-- Services: 21 base services (Russian titles and declensions of the noun the bot puts in a
-- sentence, "на стрижку") in three price tiers: ordinary, top master, art director = 63 rows.
INSERT INTO services (id, company_id, yclients_id, title, category_id, price_min, price_max, duration_minutes,
                      declensions, raw_data, staff_ids, tags, is_active, updated_at)
SELECT (b.n - 1) * 3 + t.tier + 1,
       962302,
       15000000 + b.n * 1000 + t.tier,
       b.title || (ARRAY['', ' — топ-мастер', ' — арт-директор'])[t.tier + 1],
       b.category_id,
       round(b.price * (1 + 0.3 * t.tier), 2),
       CASE WHEN b.n % 4 = 0 THEN NULL ELSE round(b.price * (1 + 0.3 * t.tier) * 1.5, 2) END,
       b.minutes + 15 * t.tier,
       jsonb_build_object('nomn', b.nomn, 'gent', b.gent, 'datv', b.datv, 'accs', b.accs, 'ablt', b.ablt, 'prep', b.prep),
       jsonb_build_object('id', 15000000 + b.n * 1000 + t.tier, 'title', b.title, 'category_id', b.category_id,
                          'price_min', round(b.price * (1 + 0.3 * t.tier), 2), 'comment', NULL, 'weight', b.n),
       CASE b.category_id WHEN 1 THEN '{1,2,3,10}'::integer[] WHEN 2 THEN '{4,5}'::integer[]
                          WHEN 3 THEN '{6,7}'::integer[] ELSE ARRAY[8, 9, NULL, 11, 12] END,
       CASE WHEN t.tier = 0 THEN ARRAY[b.category] ELSE ARRAY[b.category, 'премиум', 'мастер "топ", высший уровень'] END,
       CASE WHEN b.n = 21 AND t.tier = 2 THEN NULL ELSE NOT (b.n % 10 = 0 AND t.tier = 2) END,
       timestamptz '2025-09-01 12:00:00.000001+03' + (b.n * 3 + t.tier) * interval '1 day 1 hour 1.234567 second'
FROM (VALUES
    ( 1, 'Стрижка женская',          1, 'волосы',  1500, 60, 'стрижка',       'стрижки',       'стрижке',       'стрижку',       'стрижкой',       'стрижке'),
    ( 2, 'Стрижка мужская',          1, 'волосы',  1000, 45, 'стрижка',       'стрижки',       'стрижке',       'стрижку',       'стрижкой',       'стрижке'),
    ( 3, 'Стрижка детская',          1, 'волосы',   800, 30, 'стрижка',       'стрижки',       'стрижке',       'стрижку',       'стрижкой',       'стрижке'),
    ( 4, 'Укладка',                  1, 'волосы',  1200, 45, 'укладка',       'укладки',       'укладке',       'укладку',       'укладкой',       'укладке'),
    ( 5, 'Окрашивание волос',        1, 'волосы',  4500, 150, 'окрашивание',  'окрашивания',   'окрашиванию',   'окрашивание',   'окрашиванием',   'окрашивании'),
    ( 6, 'Мелирование',              1, 'волосы',  5200, 180, 'мелирование',  'мелирования',   'мелированию',   'мелирование',   'мелированием',   'мелировании'),
    ( 7, 'Тонирование',              1, 'волосы',  3000, 90, 'тонирование',   'тонирования',   'тонированию',   'тонирование',   'тонированием',   'тонировании'),
    ( 8, 'Кератиновое выпрямление',  1, 'волосы',  7000, 180, 'выпрямление',  'выпрямления',   'выпрямлению',   'выпрямление',   'выпрямлением',   'выпрямлении'),
    ( 9, 'Маникюр классический',     2, 'ногти',   1300, 60, 'маникюр',       'маникюра',      'маникюру',      'маникюр',       'маникюром',      'маникюре'),
    (10, 'Маникюр аппаратный',       2, 'ногти',   1500, 60, 'маникюр',       'маникюра',      'маникюру',      'маникюр',       'маникюром',      'маникюре'),
    (11, 'Покрытие гель-лаком',      2, 'ногти',   1700, 75, 'покрытие',      'покрытия',      'покрытию',      'покрытие',      'покрытием',      'покрытии'),
    (12, 'Педикюр',                  2, 'ногти',   2500, 90, 'педикюр',       'педикюра',      'педикюру',      'педикюр',       'педикюром',      'педикюре'),
    (13, 'Наращивание ресниц',       3, 'ресницы', 3500, 150, 'наращивание',  'наращивания',   'наращиванию',   'наращивание',   'наращиванием',   'наращивании'),
    (14, 'Ламинирование ресниц',     3, 'ресницы', 2800, 60, 'ламинирование', 'ламинирования', 'ламинированию', 'ламинирование', 'ламинированием', 'ламинировании'),
    (15, 'Коррекция бровей',         3, 'брови',    900, 30, 'коррекция',     'коррекции',     'коррекции',     'коррекцию',     'коррекцией',     'коррекции'),
    (16, 'Окрашивание бровей',       3, 'брови',    700, 30, 'окрашивание',   'окрашивания',   'окрашиванию',   'окрашивание',   'окрашиванием',   'окрашивании'),
    (17, 'Чистка лица',              4, 'лицо',    3900, 90, 'чистка',        'чистки',        'чистке',        'чистку',        'чисткой',        'чистке'),
    (18, 'Массаж лица',              4, 'лицо',    2500, 45, 'массаж',        'массажа',       'массажу',       'массаж',        'массажем',       'массаже'),
    (19, 'Пилинг',                   4, 'лицо',    3200, 60, 'пилинг',        'пилинга',       'пилингу',       'пилинг',        'пилингом',       'пилинге'),
    (20, 'Депиляция воском',         4, 'тело',    1100, 30, 'депиляция',     'депиляции',     'депиляции',     'депиляцию',     'депиляцией',     'депиляции'),
    (21, 'Макияж вечерний',          4, 'лицо',    3500, 60, 'макияж',        'макияжа',       'макияжу',       'макияж',        'макияжем',       'макияже')
) AS b(n, title, category_id, category, price, minutes, nomn, gent, datv, accs, ablt, prep)
CROSS JOIN generate_series(0, 2) AS t(tier);

-- Staff: 12 masters with the declensions of their first names ("к Сергею", "у Сергея").
INSERT INTO staff (id, company_id, yclients_id, name, specialization, rating, declensions, services, branch_ids,
                   work_days, raw_data, avatar, is_active, hired_on, updated_at)
SELECT s.n,
       962302,
       2700000 + s.n * 17,
       s.first_name || ' ' || s.last_name,
       s.specialization,
       CASE WHEN s.n = 12 THEN NULL ELSE 4.00 + (s.n * 7 % 100) / 100.0 END,
       jsonb_build_object('nomn', s.first_name, 'gent', s.gent, 'datv', s.datv, 'accs', s.accs, 'ablt', s.ablt, 'prep', s.prep),
       s.services,
       CASE WHEN s.n % 4 = 0 THEN '{962302,962303}'::bigint[] ELSE '{962302}'::bigint[] END,
       CASE WHEN s.n % 2 = 0 THEN '{пн,ср,пт,сб}'::text[] ELSE '{вт,чт,сб,вс}'::text[] END,
       jsonb_build_object('id', 2700000 + s.n * 17, 'name', s.first_name || ' ' || s.last_name, 'specialization', s.specialization,
                          'avatar', 'https://assets.yclients.com/masters/origin/' || md5('staff' || s.n) || '.png', 'fired', false),
       CASE WHEN s.n % 3 = 0 THEN NULL ELSE decode('89504e470d0a1a0a' || md5('avatar' || s.n), 'hex') END,
       s.n <> 11,
       date '2019-03-01' + s.n * 97,
       timestamptz '2025-10-01 08:00:00.5+03' + s.n * interval '3 days 7 minutes 0.000123 second'
FROM (VALUES
    ( 1, 'Анна',     'Смирнова',  'Парикмахер-стилист', 'Анны',     'Анне',     'Анну',     'Анной',     'Анне',     '{1,2,3,4,5}'::integer[]),
    ( 2, 'Елена',    'Кузнецова', 'Парикмахер-колорист', 'Елены',   'Елене',    'Елену',    'Еленой',    'Елене',    '{1,4,5,6,7,8}'::integer[]),
    ( 3, 'Ольга',    'Попова',    'Парикмахер',         'Ольги',    'Ольге',    'Ольгу',    'Ольгой',    'Ольге',    '{1,3,4}'::integer[]),
    ( 4, 'Мария',    'Васильева', 'Мастер маникюра',    'Марии',    'Марии',    'Марию',    'Марией',    'Марии',    '{9,10,11,12}'::integer[]),
    ( 5, 'Наталья',  'Петрова',   'Мастер маникюра',    'Натальи',  'Наталье',  'Наталью',  'Натальей',  'Наталье',  '{9,10,11}'::integer[]),
    ( 6, 'Татьяна',  'Соколова',  'Лэшмейкер',          'Татьяны',  'Татьяне',  'Татьяну',  'Татьяной',  'Татьяне',  '{13,14}'::integer[]),
    ( 7, 'Ирина',    'Михайлова', 'Бровист',            'Ирины',    'Ирине',    'Ирину',    'Ириной',    'Ирине',    '{15,16}'::integer[]),
    ( 8, 'Светлана', 'Новикова',  'Косметолог',         'Светланы', 'Светлане', 'Светлану', 'Светланой', 'Светлане', '{17,18,19}'::integer[]),
    ( 9, 'Юлия',     'Фёдорова',  'Визажист',           'Юлии',     'Юлии',     'Юлию',     'Юлией',     'Юлии',     '{21}'::integer[]),
    (10, 'Сергей',   'Морозов',   'Барбер',             'Сергея',   'Сергею',   'Сергея',   'Сергеем',   'Сергее',   '{2,3}'::integer[]),
    (11, 'Дмитрий',  'Волков',    'Барбер',             'Дмитрия',  'Дмитрию',  'Дмитрия',  'Дмитрием',  'Дмитрии',  '{}'::integer[]),
    (12, 'Алексей',  'Лебедев',   'Массажист',          'Алексея',  'Алексею',  'Алексея',  'Алексеем',  'Алексее',  ARRAY[18, NULL, 20])
) AS s(n, first_name, last_name, specialization, gent, datv, accs, ablt, prep, services);

-- Clients: 1,304 rows. ids have gaps (n * 10 + n % 7); five yclients_id values exceed 2^53;
-- visit_history holds 0-12 visits; the other jsonb columns mix SQL NULL, JSON null, {} / [] and objects.
INSERT INTO clients (id, company_id, yclients_id, name, phone, email, visit_history, preferences, ai_context,
                     goods_purchases, raw_data, ai_messages_count, ai_satisfaction_score, loyalty_level,
                     client_segment, total_spent, average_bill, visit_count, last_visit_date, favorite_staff_ids,
                     preferred_time_slots, tags, birth_date, is_blocked, external_uuid, created_at, updated_at)
SELECT g.n * 10 + g.n % 7,
       962302,
       CASE WHEN g.n % 250 = 0 THEN 9007199254740993 + g.n ELSE 180000000 + g.n * 13 END,
       CASE WHEN g.n % 101 = 0 THEN NULL
            WHEN g.n % 150 = 0 THEN p.first_name || ' "' || p.nick || '" ' || p.last_name
            ELSE p.first_name || ' ' || p.last_name END,
       '+7916' || lpad((1000000 + g.n * 7919 % 8999999)::text, 7, '0'),
       CASE WHEN g.n % 3 = 0 THEN NULL ELSE 'client' || g.n || '@example.ru' END,
       CASE WHEN g.n % 97 = 0 THEN NULL ELSE (
           SELECT coalesce(jsonb_agg(jsonb_build_object(
                      'date', to_char(date '2024-01-10' + (g.n * 13 + k * 29) % 600, 'YYYY-MM-DD'),
                      'service_ids', jsonb_build_array(1 + (g.n + k) % 63, 1 + (g.n * k) % 63),
                      'staff_id', 1 + (g.n + k) % 12,
                      'cost', (1500 + (g.n * k) % 40 * 100)::numeric(10, 2),
                      'comment', CASE WHEN k = 1 THEN NULL ELSE 'визит №' || k END) ORDER BY k), '[]'::jsonb)
           FROM generate_series(1, v.visits) AS k) END,
       CASE g.n % 11 WHEN 0 THEN NULL WHEN 1 THEN 'null'::jsonb WHEN 2 THEN '{}'::jsonb
            ELSE jsonb_build_object('language', 'ru', 'reminders', g.n % 2 = 0, 'favorite_service', 'Стрижка женская',
                                    'notes', 'Не любит громкую музыку', 'allergies', NULL) END,
       CASE g.n % 13 WHEN 0 THEN NULL WHEN 1 THEN 'null'::jsonb WHEN 2 THEN '{}'::jsonb
            ELSE jsonb_build_object('last_intent', 'booking', 'summary', 'Клиентка записывается на ' || s.accs || ' раз в месяц',
                                    'mood', 0.8, 'pending', jsonb_build_object('service_id', NULL), 'turns', g.n % 40) END,
       CASE g.n % 9 WHEN 0 THEN NULL WHEN 1 THEN 'null'::jsonb WHEN 2 THEN '[]'::jsonb
            ELSE jsonb_build_array(jsonb_build_object('sku', 'SH-' || lpad((g.n % 50)::text, 3, '0'), 'title', 'Шампунь «Эльсев», 400 мл',
                                                      'price', 2450.50, 'qty', 1 + g.n % 3)) END,
       jsonb_build_object('id', 180000000 + g.n * 13, 'name', p.first_name || ' ' || p.last_name, 'sex_id', 1 + g.n % 2,
                          'spent', (g.n * 1530.05) % 250000, 'discount', 0, 'card', NULL),
       CASE WHEN g.n % 17 = 0 THEN NULL ELSE g.n % 57 END,
       CASE WHEN g.n % 5 = 0 THEN NULL ELSE round(3 + (g.n % 200) / 100.0, 2) END,
       (ARRAY['Бронза', 'Серебро', 'Золото', 'Платина'])[1 + g.n % 4],
       (ARRAY['Новый', 'Постоянный', 'VIP', 'Спящий', 'Потерянный'])[1 + g.n % 5],
       CASE WHEN g.n % 23 = 0 THEN NULL WHEN g.n % 19 = 0 THEN 0 ELSE round((g.n * 1530.05) % 250000, 1) END,
       CASE WHEN g.n = 777 THEN 12345678901234567890.123456789
            WHEN v.visits = 0 THEN NULL
            ELSE round((g.n * 1530.05) % 250000, 1) / v.visits END,
       v.visits,
       CASE WHEN v.visits = 0 THEN NULL ELSE date '2024-01-10' + (g.n * 13) % 600 END,
       CASE g.n % 5 WHEN 0 THEN '{}'::integer[] WHEN 1 THEN NULL WHEN 2 THEN ARRAY[3, NULL, 7]
            ELSE ARRAY[1 + g.n % 12, 1 + (g.n + 5) % 12] END,
       CASE g.n % 6 WHEN 0 THEN NULL WHEN 1 THEN '{}'::text[] WHEN 2 THEN ARRAY['утро']
            WHEN 3 THEN ARRAY['18:00-20:00', 'вечер'] WHEN 4 THEN ARRAY['после 19:00, по будням', 'выходные']
            ELSE ARRAY['обед "с 13 до 14"', NULL, 'утро'] END,
       CASE g.n % 8 WHEN 0 THEN NULL WHEN 1 THEN '{}'::text[] WHEN 2 THEN ARRAY['VIP', 'постоянный']
            WHEN 3 THEN ARRAY['пришла по рекомендации, от Анны'] WHEN 4 THEN ARRAY['аллергия на аммиак']
            WHEN 5 THEN ARRAY['любит "тихий" зал', 'кофе без сахара'] WHEN 6 THEN ARRAY['{скобки}', 'back\slash']
            ELSE ARRAY['новый'] END,
       CASE WHEN g.n % 4 = 0 THEN NULL ELSE date '1965-01-01' + g.n * 11 % 15000 END,
       CASE WHEN g.n % 200 = 0 THEN true WHEN g.n % 7 = 0 THEN NULL ELSE false END,
       CASE WHEN g.n % 10 = 0 THEN NULL ELSE md5('client' || g.n)::uuid END,
       timestamptz '2023-03-01 10:00:00.123456+03' + g.n * interval '7 hours 13 minutes 17.654321 second',
       timestamptz '2025-06-01 09:15:00.000001+03' + g.n * interval '1 hour 59.999999 second'
FROM generate_series(1, 1304) AS g(n)
CROSS JOIN LATERAL (SELECT (g.n * 7) % 13 AS visits) AS v
CROSS JOIN LATERAL (SELECT
    (ARRAY['Анна', 'Мария', 'Елена', 'Ольга', 'Наталья', 'Екатерина', 'Татьяна', 'Ирина', 'Светлана', 'Юлия',
           'Дарья', 'Ксения', 'Алина', 'Виктория', 'Полина', 'Софья', 'Алексей', 'Сергей', 'Дмитрий', 'Иван'])[1 + g.n % 20] AS first_name,
    -- the last four first names are men's: their surnames drop the feminine -а (Иванова -> Иванов)
    left((ARRAY['Иванова', 'Смирнова', 'Кузнецова', 'Попова', 'Соколова', 'Лебедева', 'Козлова', 'Новикова', 'Морозова',
                'Петрова', 'Волкова', 'Соловьёва', 'Васильева', 'Зайцева', 'Павлова', 'Семёнова', 'Голубева'])[1 + g.n % 17],
         CASE WHEN g.n % 20 >= 16 THEN -1 ELSE 100 END) AS last_name,
    (ARRAY['Аня', 'Маша', 'Лена', 'Оля'])[1 + g.n % 4] AS nick) AS p
CROSS JOIN LATERAL (SELECT (ARRAY['стрижку', 'окрашивание', 'маникюр', 'педикюр', 'укладку'])[1 + g.n % 5] AS accs) AS s;

-- Staff schedules: masters 1-11, four working days each = 44 rows (Monday off for odd masters).
INSERT INTO staff_schedules (id, staff_id, company_id, date, is_working, work_start, work_end, slots, updated_at)
SELECT (m.staff_id - 1) * 4 + d.day_no,
       m.staff_id,
       962302,
       date '2026-01-12' + d.day_no - 1,
       NOT (m.staff_id % 2 = 1 AND d.day_no = 1),
       CASE WHEN m.staff_id % 2 = 1 AND d.day_no = 1 THEN NULL ELSE time '10:00' + (m.staff_id % 3) * interval '1 hour' END,
       CASE WHEN m.staff_id % 2 = 1 AND d.day_no = 1 THEN NULL ELSE time '20:00' + (m.staff_id % 2) * interval '30 minutes' END,
       CASE WHEN m.staff_id % 2 = 1 AND d.day_no = 1 THEN '[]'::jsonb
            ELSE (SELECT jsonb_agg(jsonb_build_object('time', to_char(time '10:00' + h * interval '1 hour', 'HH24:MI'),
                                                      'free', (m.staff_id + d.day_no + h) % 3 <> 0) ORDER BY h)
                  FROM generate_series(0, 9) AS h) END,
       timestamptz '2026-01-05 07:00:00.000007+03' + ((m.staff_id - 1) * 4 + d.day_no) * interval '11 minutes 0.111111 second'
FROM generate_series(1, 11) AS m(staff_id)
CROSS JOIN generate_series(1, 4) AS d(day_no);

-- Bookings: 45 appointments of existing clients (client ids use the clients' id formula).
INSERT INTO bookings (id, company_id, client_id, yclients_record_id, datetime, service_ids, staff_id, status, cost,
                      comment, raw_data, created_at, updated_at)
SELECT 5000 + b.n,
       962302,
       CASE WHEN b.n % 15 = 0 THEN NULL ELSE (b.n * 29) * 10 + (b.n * 29) % 7 END,
       1100000000 + b.n * 101,
       timestamptz '2026-01-12 10:00:00+03' + (b.n % 9) * interval '1 day' + (b.n % 8) * interval '1 hour',
       CASE WHEN b.n % 5 = 0 THEN ARRAY[1 + b.n % 63, 1 + (b.n * 2) % 63] ELSE ARRAY[1 + b.n % 63] END,
       1 + b.n % 12,
       (ARRAY['confirmed', 'completed', 'cancelled', 'no_show', 'pending'])[1 + b.n % 5],
       CASE WHEN b.n % 11 = 0 THEN NULL ELSE 1500.00 + b.n * 123.45 END,
       CASE b.n % 4 WHEN 0 THEN NULL WHEN 1 THEN 'Клиентка просит "тихий" зал'
            WHEN 2 THEN E'Перезвонить за день,\nуточнить время' ELSE 'Записалась через WhatsApp-бота' END,
       jsonb_build_object('id', 1100000000 + b.n * 101, 'attendance', (b.n % 3) - 1, 'online', b.n % 2 = 0,
                          'services', jsonb_build_array(jsonb_build_object('id', 1 + b.n % 63, 'cost', 1500.00 + b.n * 123.45))),
       timestamptz '2026-01-01 12:00:00.654321+03' + b.n * interval '2 hours 0.000001 second',
       timestamptz '2026-01-02 12:00:00.654321+03' + b.n * interval '3 hours 0.000002 second'
FROM generate_series(1, 45) AS b(n);

-- Dialog contexts: 21 WhatsApp conversations with the bot (state machine plus the message log).
INSERT INTO dialog_contexts (id, company_id, user_id, state, context, messages, last_activity, updated_at)
SELECT d.n,
       962302,
       '7916' || lpad((3000000 + d.n * 104729)::text, 7, '0') || '@c.us',
       (ARRAY['idle', 'awaiting_service', 'awaiting_staff', 'awaiting_time', 'confirming'])[1 + d.n % 5],
       CASE WHEN d.n % 7 = 0 THEN NULL
            ELSE jsonb_build_object('selected_service_id', 1 + d.n % 63, 'selected_staff_id', CASE WHEN d.n % 2 = 0 THEN NULL ELSE 1 + d.n % 12 END,
                                    'date', to_char(date '2026-01-12' + d.n % 9, 'YYYY-MM-DD'), 'attempts', d.n % 3) END,
       jsonb_build_array(
           jsonb_build_object('role', 'user', 'text', 'Здравствуйте! Хочу записаться на стрижку', 'ts', 1767000000 + d.n * 60),
           jsonb_build_object('role', 'assistant', 'text', 'Добрый день! К какому мастеру: к Анне или к Сергею?', 'ts', 1767000005 + d.n * 60),
           jsonb_build_object('role', 'user', 'text', 'К Сергею, в субботу после 18:00 "если можно"', 'ts', 1767000030 + d.n * 60)),
       timestamptz '2026-01-10 20:00:00.424242+03' + d.n * interval '17 minutes 0.000017 second',
       timestamptz '2026-01-10 20:00:00.424242+03' + d.n * interval '17 minutes 0.000017 second'
FROM generate_series(1, 21) AS d(n);

-- WhatsApp session credentials (a Baileys auth state) for the salon's number.
INSERT INTO whatsapp_auth (company_id, creds, updated_at)
VALUES ('962302',
        jsonb_build_object(
            'noiseKey', jsonb_build_object('private', jsonb_build_object('type', 'Buffer', 'data', encode(decode(md5('noise-private'), 'hex'), 'base64')),
                                           'public', jsonb_build_object('type', 'Buffer', 'data', encode(decode(md5('noise-public'), 'hex'), 'base64'))),
            'signedIdentityKey', jsonb_build_object('private', encode(decode(md5('identity-private'), 'hex'), 'base64'),
                                                    'public', encode(decode(md5('identity-public'), 'hex'), 'base64')),
            'signedPreKey', jsonb_build_object('keyId', 1, 'signature', encode(decode(md5('signature') || md5('signature2'), 'hex'), 'base64')),
            'registrationId', 1717,
            'advSecretKey', encode(decode(md5('adv'), 'hex'), 'base64'),
            'nextPreKeyId', 813,
            'firstUnuploadedPreKeyId', 813,
            'account', NULL,
            'me', jsonb_build_object('id', '79161234567:12@s.whatsapp.net', 'name', 'Салон «Лиза»'),
            'platform', 'android'),
        '2026-01-11 23:59:59.999999+03');

-- WhatsApp keys: 812 pre-keys ('1'..'812', so text order differs from numeric order), 160 sessions
-- ('79161234567.0', some with ':' or ','), 95 sender keys ('...@g.us::...::0') and 60 app-state
-- sync keys, a few of which hold quotes, backslashes and parentheses = 1,127 rows.
INSERT INTO whatsapp_keys (company_id, key_type, key_id, value, updated_at)
SELECT '962302', k.key_type, k.key_id,
       CASE WHEN k.n % 50 = 0 THEN NULL
            ELSE jsonb_build_object('private', jsonb_build_object('type', 'Buffer', 'data', encode(decode(md5(k.key_type || k.key_id), 'hex'), 'base64')),
                                    'public', jsonb_build_object('type', 'Buffer', 'data', encode(decode(md5(k.key_id || k.key_type), 'hex'), 'base64')),
                                    'keyId', k.n) END,
       timestamptz '2025-12-01 00:00:00.000001+03' + k.n * interval '37 minutes 0.012345 second'
FROM (
    SELECT n, 'pre-key' AS key_type, n::text AS key_id FROM generate_series(1, 812) AS n
    UNION ALL
    SELECT 1000 + n, 'session',
           CASE WHEN n % 20 = 0 THEN 'lid,7916' || lpad((n * 7919)::text, 7, '0') || '.' || n % 4
                WHEN n % 3 = 0 THEN '7916' || lpad((n * 7919)::text, 7, '0') || ':' || n % 25 || '.0'
                ELSE '7916' || lpad((n * 7919)::text, 7, '0') || '.' || n % 4 END
    FROM generate_series(1, 160) AS n
    UNION ALL
    SELECT 2000 + n, 'sender-key',
           '1203630' || lpad((n * 15485863 % 100000000)::text, 11, '0') || '@g.us::7916' || lpad((n * 104729 % 10000000)::text, 7, '0') || '::' || n % 3
    FROM generate_series(1, 95) AS n
    UNION ALL
    SELECT 3000 + n, 'app-state-sync-key',
           CASE n WHEN 7 THEN 'AAAAAB"quoted"' WHEN 8 THEN 'AAAAAC\back\slash' WHEN 9 THEN 'AAAAAD(paren),comma'
                  ELSE upper(substr(md5('app-state' || n), 1, 6)) || 'AAA=' END
    FROM generate_series(1, 60) AS n
) AS k(n, key_type, key_id);
