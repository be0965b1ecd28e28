-- V5: invoice line items; amounts are stored in integer cents.
CREATE TABLE invoice_lines (
    id               bigint GENERATED ALWAYS AS IDENTITY,
    invoice_id       bigint        NOT NULL,
    line_no          integer       NOT NULL,
    description      text          NOT NULL,
    quantity         numeric(12,3) NOT NULL DEFAULT 1,
    unit_price_cents bigint        NOT NULL,
    CONSTRAINT invoice_lines_pkey PRIMARY KEY (id),
    CONSTRAINT invoice_lines_invoice_fk FOREIGN KEY (invoice_id) REFERENCES invoices (id) ON DELETE CASCADE,
    CONSTRAINT invoice_lines_invoice_line_key UNIQUE (invoice_id, line_no),
    CONSTRAINT invoice_lines_quantity_chk CHECK (quantity > 0),
    CONSTRAINT invoice_lines_price_chk CHECK (unit_price_cents >= 0)
);
