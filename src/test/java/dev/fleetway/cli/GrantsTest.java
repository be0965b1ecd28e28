package dev.fleetway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.HashMap;

import org.junit.jupiter.api.Test;

import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.TestDatabase;

class GrantsTest {

    @Test
    void theAppUserCanReadAndWriteRowsButCannotCreateAlterOrDrop() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("upgrade").exitCode()).isZero();
            try (Connection app = db.connectAsApp(); Statement s = app.createStatement()) {
                s.executeUpdate("INSERT INTO accounts (slug, name) VALUES ('acme', 'Acme')");
                s.executeUpdate("UPDATE accounts SET name = 'Acme Inc' WHERE slug = 'acme'");
                s.executeUpdate("INSERT INTO invoices (account_id) SELECT id FROM accounts");
                assertThat(count(s, "SELECT count(*) FROM account_billing_summary")).isEqualTo(1);
                s.executeUpdate("DELETE FROM invoices");
                assertDenied(s, "CREATE TABLE sneaky (id int)");
                assertDenied(s, "ALTER TABLE accounts ADD COLUMN sneaky int");
                assertDenied(s, "DROP TABLE audit_log");
                assertDenied(s, "DELETE FROM flyway_schema_history");
                assertThat(count(s, "SELECT count(*) FROM flyway_schema_history")).isEqualTo(10);
            }
        }
    }

    @Test
    void aTableAddedByALaterMigrationIsWritableByTheAppUser() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("upgrade").exitCode()).isZero();
            db.writeMigration("V10__add_webhooks.sql",
                    "CREATE TABLE webhooks (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, url text NOT NULL);");
            CliResult upgrade = db.fleetway("upgrade");
            assertThat(upgrade.exitCode()).as(upgrade.toString()).isZero();
            try (Connection app = db.connectAsApp(); Statement s = app.createStatement()) {
                s.executeUpdate("INSERT INTO webhooks (url) VALUES ('https://example.test/hook')");
                assertThat(count(s, "SELECT count(*) FROM webhooks")).isEqualTo(1);
            }
        }
    }

    @Test
    void grantReappliesPrivilegesAndWithoutAnAppUserNothingIsGranted() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Map<String, String> noApp = new HashMap<>(db.env());
            noApp.remove("FLEETWAY_DEFAULT_APP_USER_USERNAME");
            assertThat(db.fleetwayWith(noApp, "upgrade").exitCode()).isZero();
            try (Connection app = db.connectAsApp(); Statement s = app.createStatement()) {
                assertDenied(s, "SELECT count(*) FROM accounts");
            }
            CliResult none = db.fleetwayWith(noApp, "grant");
            assertThat(none.exitCode()).isZero();
            assertThat(none.out()).contains("nothing to grant");

            CliResult grant = db.fleetway("grant");
            assertThat(grant.exitCode()).as(grant.toString()).isZero();
            try (Connection app = db.connectAsApp(); Statement s = app.createStatement()) {
                assertThat(count(s, "SELECT count(*) FROM accounts")).isZero();
            }
        }
    }

    @Test
    void aPartlyRevokedGrantIsSeenByAuditAndRepairedByTheNextUpgrade() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("upgrade").exitCode()).isZero();
            try (Connection owner = db.connectAsOwner(); Statement s = owner.createStatement()) {
                s.execute("REVOKE INSERT, UPDATE, DELETE ON accounts FROM " + db.app);
            }
            assertThat(db.fleetway("audit").result().get("appUserGrantsOk").asBoolean()).isFalse();
            assertThat(db.fleetway("upgrade").exitCode()).isZero();
            try (Connection app = db.connectAsApp(); Statement s = app.createStatement()) {
                s.executeUpdate("INSERT INTO accounts (slug, name) VALUES ('back', 'Back')");
            }
        }
    }

    @Test
    void anAppUserThatDoesNotExistIsAConfigurationErrorFoundBeforeMigrating() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Map<String, String> env = new HashMap<>(db.env());
            env.put("FLEETWAY_DEFAULT_APP_USER_USERNAME", "no_such_role_x");
            CliResult result = db.fleetwayWith(env, "upgrade");
            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).contains("app user 'no_such_role_x' does not exist");
            assertThat(db.relations()).as("nothing migrated before the check").isEmpty();
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void assertDenied(Statement s, String sql) {
        assertThatThrownBy(() -> s.execute(sql)).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("42501", "42P01"));
    }
}
