-- V2: users belong to exactly one account; e-mail is unique per account (case-insensitive).
CREATE TABLE users (
    id           bigint GENERATED ALWAYS AS IDENTITY,
    account_id   bigint      NOT NULL,
    email        text        NOT NULL,
    display_name text        NOT NULL,
    role         text        NOT NULL DEFAULT 'member',
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
    CONSTRAINT users_role_chk CHECK (role IN ('owner', 'admin', 'member'))
);

CREATE UNIQUE INDEX users_account_email_uidx ON users (account_id, lower(email));
