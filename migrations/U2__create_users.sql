-- U2: undoes V2 (drops users).
-- Its identity sequence, the users_account_email_uidx index and the foreign key to
-- accounts go with the table. Tables referencing users (projects, audit_log) were
-- removed by U3 and U6, which run before this script.
DROP TABLE users;
