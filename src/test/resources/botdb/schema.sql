-- The WhatsApp booking bot's legacy business schema, shaped like the Supabase source
-- (see shared/context/source-system.md). Used for both the test source and the test target.

CREATE TABLE companies (
    id            bigint PRIMARY KEY,
    yclients_id   bigint,
    title         text NOT NULL,
    phone         text,
    timezone      text,
    settings      jsonb,
    raw_data      jsonb,
    branch_ids    integer[],
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE clients (
    id                    bigint PRIMARY KEY,
    company_id            bigint NOT NULL REFERENCES companies (id),
    yclients_id           bigint,
    name                  text,
    phone                 text,
    email                 text,
    visit_history         jsonb,
    preferences           jsonb,
    ai_context            jsonb,
    goods_purchases       jsonb,
    raw_data              jsonb,
    ai_messages_count     integer,
    ai_satisfaction_score numeric(3, 2),
    loyalty_level         text,
    client_segment        text,
    total_spent           numeric(14, 3),
    average_bill          numeric,
    visit_count           integer,
    last_visit_date       date,
    favorite_staff_ids    integer[],
    preferred_time_slots  text[],
    tags                  text[],
    birth_date            date,
    is_blocked            boolean,
    external_uuid         uuid,
    created_at            timestamptz,
    updated_at            timestamptz
);
CREATE INDEX clients_company_idx ON clients (company_id);
CREATE INDEX clients_phone_idx ON clients (phone);

CREATE TABLE services (
    id               bigint PRIMARY KEY,
    company_id       bigint NOT NULL REFERENCES companies (id),
    yclients_id      bigint,
    title            text NOT NULL,
    category_id      integer,
    price_min        numeric(10, 2),
    price_max        numeric(10, 2),
    duration_minutes integer,
    declensions      jsonb,
    raw_data         jsonb,
    staff_ids        integer[],
    tags             text[],
    is_active        boolean DEFAULT true,
    updated_at       timestamptz
);

CREATE TABLE staff (
    id             bigint PRIMARY KEY,
    company_id     bigint NOT NULL REFERENCES companies (id),
    yclients_id    bigint,
    name           text NOT NULL,
    specialization text,
    rating         numeric(3, 2),
    declensions    jsonb,
    services       integer[],
    branch_ids     bigint[],
    work_days      text[],
    raw_data       jsonb,
    avatar         bytea,
    is_active      boolean,
    hired_on       date,
    updated_at     timestamptz
);

CREATE TABLE staff_schedules (
    id         bigint PRIMARY KEY,
    staff_id   bigint NOT NULL REFERENCES staff (id),
    company_id bigint NOT NULL,
    date       date NOT NULL,
    is_working boolean,
    work_start time,
    work_end   time,
    slots      jsonb,
    updated_at timestamptz
);

CREATE TABLE bookings (
    id                bigint PRIMARY KEY,
    company_id        bigint NOT NULL REFERENCES companies (id),
    client_id         bigint REFERENCES clients (id),
    yclients_record_id bigint,
    datetime          timestamptz NOT NULL,
    service_ids       integer[],
    staff_id          bigint,
    status            text,
    cost              numeric(12, 2),
    comment           text,
    raw_data          jsonb,
    created_at        timestamptz,
    updated_at        timestamptz
);

CREATE TABLE dialog_contexts (
    id            bigint PRIMARY KEY,
    company_id    bigint NOT NULL,
    user_id       text NOT NULL,
    state         text,
    context       jsonb,
    messages      jsonb,
    last_activity timestamptz,
    updated_at    timestamptz
);

CREATE TABLE whatsapp_auth (
    company_id text PRIMARY KEY,
    creds      jsonb NOT NULL,
    updated_at timestamptz
);

CREATE TABLE whatsapp_keys (
    company_id text NOT NULL,
    key_type   text NOT NULL,
    key_id     text NOT NULL,
    value      jsonb,
    updated_at timestamptz,
    PRIMARY KEY (company_id, key_type, key_id)
);
