-- U6: undoes V6 (drops audit_log).
-- Its identity sequence, both indexes and its foreign keys to accounts and users go
-- with the table. Nothing else (including the R__ view) depends on audit_log.

DROP TABLE audit_log;
