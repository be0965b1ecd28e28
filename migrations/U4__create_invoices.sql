-- U4: undoes V4 (drops invoices, then the sequence and enum type it used).
-- The repeatable view account_billing_summary (R__) reads invoices; U5 normally dropped it
-- already, IF EXISTS keeps this script safe should it still be there.
DROP VIEW IF EXISTS account_billing_summary;
DROP TABLE invoices;
DROP SEQUENCE invoice_number_seq;
DROP TYPE invoice_status;
