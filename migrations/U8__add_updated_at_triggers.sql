-- U8: undoes V8 (drops the triggers, the updated_at columns, then the trigger function).
DROP TRIGGER invoices_set_updated_at ON invoices;
DROP TRIGGER projects_set_updated_at ON projects;
DROP TRIGGER accounts_set_updated_at ON accounts;

ALTER TABLE invoices DROP COLUMN updated_at;
ALTER TABLE projects DROP COLUMN updated_at;
ALTER TABLE accounts DROP COLUMN updated_at;

DROP FUNCTION set_updated_at();
