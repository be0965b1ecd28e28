-- U7: undoes V7 (drops the active_users view, then the two users columns it reads).
DROP VIEW active_users;

ALTER TABLE users
    DROP COLUMN disabled_at,
    DROP COLUMN last_login_at;
