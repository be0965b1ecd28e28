-- U3: undoes V3 (drops projects).
-- Its identity sequence, projects_owner_user_idx and its foreign keys to accounts and
-- users go with the table. invoices, which references projects, was removed by U4,
-- which runs before this script.
DROP TABLE projects;
