-- A typical Supabase app's schema (issue 16), beside the bot's (botdb/): applied to the test source and, as a
-- schema dump would be, to the test target before the copy (the target then also gets target-extras.sql).
--
-- Keys: a uuid primary key with gen_random_uuid(), a text key named "limit", an integer GENERATED ALWAYS AS
-- IDENTITY key, a bigserial key, a composite key (tenant_id, slug), and a table without a primary key that has a
-- unique index of NOT NULL columns. Types: enums and an enum array, domains over text and numeric, a composite
-- type and an array of it, jsonb[] with string elements, an array with lower bound 0, a 2-D array, money, numeric
-- with scale, timestamptz, interval, inet, point, tsrange, bytea, json, jsonb, hstore (when the server has it,
-- in schema extensions as on Supabase). Names that need quoting everywhere. Foreign keys: parent/child, a
-- self-reference to later rows (comments replying to newer comments), a cycle (teams <-> members). Secondary
-- indexes of several kinds.

CREATE SCHEMA IF NOT EXISTS extensions;

CREATE TYPE user_status AS ENUM ('invited', 'active', 'suspended', 'deleted');
CREATE TYPE address AS (street text, city text, zip text);
CREATE DOMAIN email AS text CHECK (VALUE ~ '^[^@[:space:]]+@[^@[:space:]]+$');
CREATE DOMAIN positive_amount AS numeric(12, 2) CHECK (VALUE >= 0);

-- The app's users: uuid key, names that need quoting, enums, domains, a composite type
CREATE TABLE "UserProfiles" (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email              email NOT NULL UNIQUE,
    "Display Name"     text,
    "имя"              text,
    "a.b"              text,
    "x,y"              integer,
    "say ""hi"""       text,
    "user"             text,
    "select"           boolean,
    "order"            integer,
    "limit"            integer,
    "offset"           integer,
    status             user_status NOT NULL DEFAULT 'invited',
    past_statuses      user_status[],
    credit             positive_amount,
    home               address,
    previous_addresses address[],
    avatar             bytea,
    settings           json,
    metadata           jsonb,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

-- Plans keyed by text, the key column named like PostgREST's limit parameter
CREATE TABLE rate_limits (
    "limit"             text PRIMARY KEY,
    requests_per_minute integer NOT NULL,
    burst               integer,
    description         text
);

-- Identity key (GENERATED ALWAYS), money, numeric with scale, ranges, intervals
CREATE TABLE invoices (
    id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES "UserProfiles" (id),
    plan         text REFERENCES rate_limits ("limit"),
    amount       money NOT NULL,
    total        numeric(14, 4) NOT NULL,
    tax_rate     numeric(5, 3),
    billed_for   tsrange,
    grace        interval,
    paid_at      timestamptz,
    note         text,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- bigserial key and a self-reference: many comments reply to a comment that comes later in key order
CREATE TABLE comments (
    id         bigserial PRIMARY KEY,
    author_id  uuid REFERENCES "UserProfiles" (id),
    reply_to   bigint REFERENCES comments (id),
    body       text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Composite key
CREATE TABLE tenant_pages (
    tenant_id  bigint NOT NULL,
    slug       text NOT NULL,
    title      text,
    "order"    integer,
    blocks     jsonb[],
    grid       integer[][],
    scores     integer[],
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, slug)
);

-- No primary key, but a unique index of NOT NULL columns; a name with a space and a dash
CREATE TABLE "audit log-entries" (
    source     text NOT NULL,
    seq        bigint NOT NULL,
    actor      uuid,
    client_ip  inet,
    location   point,
    payload    json,
    details    jsonb,
    logged_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX "audit log-entries_source_seq" ON "audit log-entries" (source, seq);

-- A cycle: a team's lead is a member, a member belongs to a team (both nullable)
CREATE TABLE teams (
    id             bigint PRIMARY KEY,
    name           text NOT NULL,
    lead_member_id bigint
);
CREATE TABLE members (
    id      bigint PRIMARY KEY,
    team_id bigint REFERENCES teams (id),
    name    text NOT NULL
);
ALTER TABLE teams ADD CONSTRAINT teams_lead_member_id_fkey FOREIGN KEY (lead_member_id) REFERENCES members (id);

-- hstore where the server offers it (installed into extensions, as Supabase does), else no such column
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'hstore') THEN
        CREATE EXTENSION IF NOT EXISTS hstore WITH SCHEMA extensions;
        ALTER TABLE "UserProfiles" ADD COLUMN attributes extensions.hstore;
    END IF;
END
$$;

-- Secondary indexes of several kinds: a full run builds the plain ones once their table is in (expression and
-- partial, multicolumn with order options and a comment, BRIN, GIN with an operator class, a quoted name)
-- and keeps the one led by the key throughout; each must come back exactly as defined.
CREATE INDEX "UserProfiles_display_name" ON "UserProfiles" (lower("Display Name")) WHERE status <> 'deleted';
CREATE INDEX comments_author_reply ON comments (author_id, reply_to DESC NULLS LAST);
COMMENT ON INDEX comments_author_reply IS 'replies by author';
CREATE INDEX invoices_paid_at ON invoices USING brin (paid_at);
CREATE INDEX "audit log-entries by actor" ON "audit log-entries" (actor, logged_at);
CREATE INDEX tenant_pages_scores ON tenant_pages USING gin (scores array_ops);
CREATE INDEX tenant_pages_tenant_order ON tenant_pages (tenant_id, "order");
