-- V7: track user logins/deactivation and expose the users that are still enabled as a view.
ALTER TABLE users
    ADD COLUMN last_login_at timestamptz,
    ADD COLUMN disabled_at   timestamptz;

CREATE VIEW active_users AS
SELECT u.id, u.account_id, u.email, u.display_name, u.role, u.last_login_at
FROM users u
WHERE u.disabled_at IS NULL;
