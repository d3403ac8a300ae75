-- The bot's data at {copies} times seed size, run after botdb/schema.sql and botdb/sample-dataset.sql (one salon):
-- copy c (1 .. {copies} - 1) of every seed row belongs to salon 962302 + c, with its keys shifted by c times a
-- stride wider than the seed's keys, and points at copy c of the rows it references, so every foreign key holds.
-- The seed's awkward values (SQL NULL vs JSON null, ids above 2^53, arrays with NULL elements, microseconds)
-- come along in every copy. Then every dialog gets a long message history (20-119 messages, ~8 KB of jsonb).

INSERT INTO companies (id, yclients_id, title, phone, timezone, settings, raw_data, branch_ids, created_at, updated_at)
SELECT id + c, yclients_id + c, title || ' №' || (c + 1), phone, timezone, settings, raw_data, branch_ids,
       created_at + c * interval '1 day', updated_at + c * interval '1 second'
FROM companies CROSS JOIN generate_series(1, {copies} - 1) AS c;

INSERT INTO clients (id, company_id, yclients_id, name, phone, email, visit_history, preferences, ai_context,
                     goods_purchases, raw_data, ai_messages_count, ai_satisfaction_score, loyalty_level,
                     client_segment, total_spent, average_bill, visit_count, last_visit_date, favorite_staff_ids,
                     preferred_time_slots, tags, birth_date, is_blocked, external_uuid, created_at, updated_at)
SELECT id + c * 20000, company_id + c, yclients_id + c * 20000, name, phone, email, visit_history, preferences,
       ai_context, goods_purchases, raw_data, ai_messages_count, ai_satisfaction_score, loyalty_level, client_segment,
       total_spent, average_bill, visit_count, last_visit_date, favorite_staff_ids, preferred_time_slots, tags,
       birth_date, is_blocked, external_uuid, created_at + c * interval '1 minute', updated_at + c * interval '1 second'
FROM clients CROSS JOIN generate_series(1, {copies} - 1) AS c;

INSERT INTO services (id, company_id, yclients_id, title, category_id, price_min, price_max, duration_minutes,
                      declensions, raw_data, staff_ids, tags, is_active, updated_at)
SELECT id + c * 100, company_id + c, yclients_id + c * 100000, title, category_id, price_min, price_max,
       duration_minutes, declensions, raw_data, staff_ids, tags, is_active, updated_at + c * interval '1 second'
FROM services CROSS JOIN generate_series(1, {copies} - 1) AS c;

INSERT INTO staff (id, company_id, yclients_id, name, specialization, rating, declensions, services, branch_ids,
                   work_days, raw_data, avatar, is_active, hired_on, updated_at)
SELECT id + c * 100, company_id + c, yclients_id + c * 1000, name, specialization, rating, declensions, services,
       branch_ids, work_days, raw_data, avatar, is_active, hired_on, updated_at + c * interval '1 second'
FROM staff CROSS JOIN generate_series(1, {copies} - 1) AS c;

INSERT INTO staff_schedules (id, staff_id, company_id, date, is_working, work_start, work_end, slots, updated_at)
SELECT id + c * 100, staff_id + c * 100, company_id + c, date, is_working, work_start, work_end, slots,
       updated_at + c * interval '1 second'
FROM staff_schedules CROSS JOIN generate_series(1, {copies} - 1) AS c;

INSERT INTO bookings (id, company_id, client_id, yclients_record_id, datetime, service_ids, staff_id, status, cost,
                      comment, raw_data, created_at, updated_at)
SELECT id + c * 10000, company_id + c, client_id + c * 20000, yclients_record_id + c * 10000, datetime, service_ids,
       staff_id + c * 100, status, cost, comment, raw_data, created_at, updated_at + c * interval '1 second'
FROM bookings CROSS JOIN generate_series(1, {copies} - 1) AS c;

INSERT INTO dialog_contexts (id, company_id, user_id, state, context, messages, last_activity, updated_at)
SELECT id + c * 100, company_id + c, user_id, state, context, messages, last_activity + c * interval '1 minute',
       updated_at + c * interval '1 minute'
FROM dialog_contexts CROSS JOIN generate_series(1, {copies} - 1) AS c;

INSERT INTO whatsapp_auth (company_id, creds, updated_at)
SELECT (company_id::bigint + c)::text, creds, updated_at + c * interval '1 second'
FROM whatsapp_auth CROSS JOIN generate_series(1, {copies} - 1) AS c;

INSERT INTO whatsapp_keys (company_id, key_type, key_id, value, updated_at)
SELECT (company_id::bigint + c)::text, key_type, key_id, value, updated_at + c * interval '1 second'
FROM whatsapp_keys CROSS JOIN generate_series(1, {copies} - 1) AS c;

UPDATE dialog_contexts d
SET messages = (
    SELECT jsonb_agg(jsonb_build_object(
               'role', CASE WHEN k % 2 = 1 THEN 'user' ELSE 'assistant' END,
               'text', (ARRAY['Здравствуйте! Хочу записаться на стрижку',
                              'Добрый день! К какому мастеру: к Анне или к Сергею?',
                              'К Сергею, в субботу после 18:00 "если можно"',
                              'Есть окно в 18:30 и в 19:15. Какое удобнее?',
                              'Давайте 19:15. А сколько стоит окрашивание?',
                              'Окрашивание от 3 500 ₽, точная цена зависит от длины волос.',
                              'Ок, спасибо! Можно ещё маникюр в тот же день?',
                              'Конечно: к Марии в 17:00, перед стрижкой. Записать?',
                              'Да, запишите. И напомните накануне, пожалуйста',
                              'Готово ✅ Напомним за 24 часа и за 2 часа до визита.',
                              E'Перенесите, пожалуйста, на воскресенье\nесли есть место',
                              'В воскресенье свободно 12:00 и 14:30 \ {выберите}'])[1 + (d.id + k * 7) % 12],
               'ts', 1767000000 + d.id * 60 + k * 37,
               'meta', CASE WHEN k % 5 = 0 THEN jsonb_build_object('intent', 'booking', 'confidence', 0.93,
                                                                   'slots', jsonb_build_array(k, NULL, 'вечер'))
                            ELSE NULL END) ORDER BY k)
    FROM generate_series(1, 20 + (d.id * 7) % 100) AS k);
