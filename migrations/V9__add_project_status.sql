-- V9 (later release): projects can be archived; existing rows become 'active' via the default.
ALTER TABLE projects
    ADD COLUMN status text NOT NULL DEFAULT 'active',
    ADD CONSTRAINT projects_status_chk CHECK (status IN ('active', 'archived'));

CREATE INDEX projects_account_status_idx ON projects (account_id, status);
