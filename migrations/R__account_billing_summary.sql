-- R: reporting view, one row per account: its number of invoices (any status), the number and amount
-- of its open (issued) invoices, the amount paid, and when it last issued one (repeatable; re-run when
-- this file changes).
--
-- Dependencies and undo: this view reads accounts (V1), invoices (V4) and invoice_lines (V5) only,
-- none of the columns added later (so U6..U9 never touch it). Every down script that drops one of
-- those tables (U5, U4, U1) first runs DROP VIEW IF EXISTS account_billing_summary; in normal reverse
-- order U5 removes it and the later IF EXISTS are no-ops. After reverting below V5 the view is gone
-- until this file runs again: each revert also removes the history rows of the repeatable migrations
-- recorded after the reverted one, so the next apply that reaches the newest version re-runs this file
-- (a bounded apply that stops earlier does not). CREATE OR REPLACE VIEW can only append columns; to
-- rename/drop/retype a column, put a DROP VIEW IF EXISTS account_billing_summary; before the CREATE.
CREATE OR REPLACE VIEW account_billing_summary AS
SELECT a.id                                                   AS account_id,
       a.slug                                                 AS account_slug,
       count(DISTINCT i.id)                                   AS invoice_count,
       count(DISTINCT i.id) FILTER (WHERE i.status = 'issued') AS open_invoice_count,
       coalesce(sum(round(l.quantity * l.unit_price_cents))
                FILTER (WHERE i.status = 'issued'), 0)::bigint AS open_amount_cents,
       coalesce(sum(round(l.quantity * l.unit_price_cents))
                FILTER (WHERE i.status = 'paid'), 0)::bigint   AS paid_amount_cents,
       max(i.issued_at)                                       AS last_issued_at
FROM accounts a
LEFT JOIN invoices i       ON i.account_id = a.id
LEFT JOIN invoice_lines l  ON l.invoice_id = i.id
GROUP BY a.id, a.slug;
