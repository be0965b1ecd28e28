-- fleetway:non-transactional
-- A fixture with one hazard of each kind the JSON output test needs.
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);

-- fleetway:allow drop-column the app stopped reading it in release 41
ALTER TABLE users DROP COLUMN legacy_flag;

ALTER TABLE invoices
    ADD CONSTRAINT invoices_total_chk CHECK (total >= 0),
    ALTER COLUMN total TYPE numeric(12, 2);

VACUUM FULL invoices;
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
