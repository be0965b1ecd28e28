-- V6: append-only audit trail of who did what to which entity, per account.
CREATE TABLE audit_log (
    id            bigint GENERATED ALWAYS AS IDENTITY,
    account_id    bigint      NOT NULL,
    actor_user_id bigint,
    action        text        NOT NULL,
    entity_type   text        NOT NULL,
    entity_id     bigint,
    details       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    occurred_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT audit_log_pkey PRIMARY KEY (id),
    CONSTRAINT audit_log_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
    CONSTRAINT audit_log_actor_fk FOREIGN KEY (actor_user_id) REFERENCES users (id) ON DELETE SET NULL
);

CREATE INDEX audit_log_account_time_idx ON audit_log (account_id, occurred_at DESC);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);
