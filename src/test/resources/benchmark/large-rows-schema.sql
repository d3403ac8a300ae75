-- The "large-rows" scenario's tables: many rows of ~2 KB (events) and fewer of ~50 KB (documents), both larger
-- than a Supabase page of the service's default page size would hold in its page-bytes budget.
CREATE TABLE events (
    id         bigint PRIMARY KEY,
    account_id uuid NOT NULL,
    kind       text NOT NULL,
    payload    jsonb NOT NULL,
    note       text,
    amount     numeric(14, 2),
    created_at timestamptz NOT NULL
);

CREATE TABLE documents (
    id         bigint PRIMARY KEY,
    title      text NOT NULL,
    body       text NOT NULL,
    sections   jsonb NOT NULL,
    tags       text[],
    updated_at timestamptz NOT NULL
);
