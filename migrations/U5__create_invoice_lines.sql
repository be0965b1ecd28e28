-- U5: undoes V5 (drops invoice_lines; its identity sequence and constraints go with it).
-- The repeatable view account_billing_summary (R__) reads invoice_lines, so it must be
-- dropped first; IF EXISTS because R__ may not have been applied. Re-apply R__ after
-- migrating back up past V5.
DROP VIEW IF EXISTS account_billing_summary;
DROP TABLE invoice_lines;
