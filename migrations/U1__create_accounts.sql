-- U1: undoes V1 (drops accounts, the last table; the schema is empty afterwards).
-- Its identity sequence, primary key and unique/check constraints go with the table.
-- The repeatable view account_billing_summary (R__) reads accounts; U5 normally dropped it
-- already, IF EXISTS keeps this script safe should it still be there.
DROP VIEW IF EXISTS account_billing_summary;
DROP TABLE accounts;
