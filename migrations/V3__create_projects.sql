-- V3: projects group work (and billing) inside an account.
CREATE TABLE projects (
    id            bigint GENERATED ALWAYS AS IDENTITY,
    account_id    bigint      NOT NULL,
    owner_user_id bigint,
    name          text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT projects_pkey PRIMARY KEY (id),
    CONSTRAINT projects_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
    CONSTRAINT projects_owner_fk FOREIGN KEY (owner_user_id) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT projects_account_name_key UNIQUE (account_id, name)
);

CREATE INDEX projects_owner_user_idx ON projects (owner_user_id);
