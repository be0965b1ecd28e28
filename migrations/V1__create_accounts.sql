-- V1: tenants. One row per customer account; every other table hangs off accounts.id.
CREATE TABLE accounts (
    id         bigint GENERATED ALWAYS AS IDENTITY,
    slug       text        NOT NULL,
    name       text        NOT NULL,
    plan       text        NOT NULL DEFAULT 'free',
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT accounts_pkey PRIMARY KEY (id),
    CONSTRAINT accounts_slug_key UNIQUE (slug),
    CONSTRAINT accounts_slug_format_chk CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    CONSTRAINT accounts_plan_chk CHECK (plan IN ('free', 'team', 'enterprise'))
);

COMMENT ON TABLE accounts IS 'Tenants of the SaaS application';
