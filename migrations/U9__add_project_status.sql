-- U9: undoes V9 (drops the index, the check constraint and the status column).
DROP INDEX projects_account_status_idx;

ALTER TABLE projects
    DROP CONSTRAINT projects_status_chk,
    DROP COLUMN status;
