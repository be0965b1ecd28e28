-- V4: invoices, with an enum status and a human-facing number drawn from invoice_number_seq.
CREATE TYPE invoice_status AS ENUM ('draft', 'issued', 'paid', 'void');

CREATE SEQUENCE invoice_number_seq AS bigint START WITH 100001;

CREATE TABLE invoices (
    id             bigint GENERATED ALWAYS AS IDENTITY,
    account_id     bigint         NOT NULL,
    project_id     bigint,
    invoice_number bigint         NOT NULL DEFAULT nextval('invoice_number_seq'),
    status         invoice_status NOT NULL DEFAULT 'draft',
    currency       char(3)        NOT NULL DEFAULT 'EUR',
    issued_at      timestamptz,
    due_at         timestamptz,
    created_at     timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT invoices_pkey PRIMARY KEY (id),
    CONSTRAINT invoices_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
    CONSTRAINT invoices_project_fk FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE SET NULL,
    CONSTRAINT invoices_number_key UNIQUE (invoice_number),
    CONSTRAINT invoices_due_after_issue_chk CHECK (due_at IS NULL OR issued_at IS NULL OR due_at >= issued_at)
);

CREATE INDEX invoices_account_status_idx ON invoices (account_id, status);
CREATE INDEX invoices_project_idx ON invoices (project_id);
