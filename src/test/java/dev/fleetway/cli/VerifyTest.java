package dev.fleetway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.TestDatabase;

/** {@code verify}: each down script against its migration, in a scratch schema or a development database. */
class VerifyTest {

    @Test
    void theSampleMigrationsPassInTemporarySchemasOfTheDefaultDatabaseWhichAreGoneAfterwards() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            CliResult run = db.fleetway("verify");
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("ok       V1__create_accounts.sql / U1__create_accounts.sql: restores the"
                    + " schema; applies again the same", "ok       R__account_billing_summary.sql: applied once",
                    "verify: 9 migrations, 9 ok, 0 failed, 0 without a down script, 0 not reached; in the scratch"
                    + " schemas fleetway_scratch_");
            assertThat(db.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'fleetway%'")).isEmpty();
            assertThat(db.relations()).isEmpty();
        }
    }

    @Test
    void aDevelopmentDatabaseIsUsedWhenGivenLeftEmptyAndRefusedWhenItIsNot() throws Exception {
        try (TestDatabase db = new TestDatabase(); TestDatabase dev = new TestDatabase()) {
            String url = "--dev-url=" + dev.url();
            CliResult run = db.fleetway("verify", url, "--from", "8", "--format", "json");
            assertThat(run.exitCode()).as(run.toString()).isZero();
            JsonNode result = run.result();
            assertThat(result.get("scratch").asText()).startsWith("development database ");
            assertThat(result.get("from").asText()).isEqualTo("8");
            assertThat(result.get("migrations").findValuesAsText("version")).containsExactly("8", "9");
            assertThat(result.get("migrations").findValuesAsText("state")).containsOnly("ok");
            assertThat(run.out()).doesNotContain(dev.ownerPassword);
            assertThat(dev.query("SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%'"
                    + " AND nspname <> 'information_schema' ORDER BY 1")).containsExactly("public");

            try (var c = dev.connectAsOwner(); var st = c.createStatement()) {
                st.execute("CREATE TABLE leftover (id int)");
            }
            CliResult refused = db.fleetway("verify", url);
            assertThat(refused.exitCode()).isEqualTo(2);
            assertThat(refused.err()).contains("error: --dev-url (fleetway.dev-url): database '" + dev.name + "'",
                    "is not empty (it has relation public.leftover)").doesNotContain(dev.ownerPassword);
        }
    }

    @Test
    void aDownScriptThatForgetsAnIndexIsNamedWithThatIndexAndExits4() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            db.writeMigration("V10__invoice_due_index.sql", "CREATE INDEX invoices_due_idx ON invoices (due_at);\n");
            db.writeMigration("U10__invoice_due_index.sql", "SELECT 1;\n");
            CliResult run = db.fleetway("verify");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
            assertThat(run.out()).contains("FAILED   U10__invoice_due_index.sql does not restore the schema from before"
                    + " V10__invoice_due_index.sql: 1 difference(s)\n         + index invoices_due_idx\n",
                    "FAILED   V10__invoice_due_index.sql cannot be applied again after U10__invoice_due_index.sql:"
                            + " V10__invoice_due_index.sql failed",
                    "relation \"invoices_due_idx\" already exists",
                    "verify: 10 migrations, 9 ok, 1 failed");
            assertThat(run.err()).contains("error: U10__invoice_due_index.sql does not restore the schema from before"
                    + " V10__invoice_due_index.sql: 1 difference(s): + index invoices_due_idx");
            assertThat(run.out().lines().filter(l -> l.startsWith("FAILED")))
                    .hasSize(2).allMatch(l -> l.contains("10__invoice_due_index.sql"));
            assertThat(db.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'fleetway%'")).isEmpty();
        }
    }

    @Test
    void aDownScriptThatDropsAColumnTheUpScriptDidNotAddIsNamedWithThatColumn() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            db.writeMigration("V10__account_nickname.sql", "ALTER TABLE accounts ADD COLUMN nickname text;\n");
            db.writeMigration("U10__account_nickname.sql", "ALTER TABLE accounts DROP COLUMN nickname;\n"
                    + "ALTER TABLE accounts DROP COLUMN name;\n");
            CliResult run = db.fleetway("verify", "--format", "json");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
            JsonNode v10 = run.result().get("migrations").get(9);
            assertThat(v10.get("script").asText()).isEqualTo("V10__account_nickname.sql");
            assertThat(v10.get("state").asText()).isEqualTo("failed");
            JsonNode problem = v10.get("problems").get(0);
            assertThat(problem.get("problem").asText()).isEqualTo("down-does-not-restore");
            assertThat(problem.get("differences")).hasSize(1);
            JsonNode column = problem.get("differences").get(0);
            assertThat(column.get("kind").asText()).isEqualTo("column");
            assertThat(column.get("name").asText()).isEqualTo("accounts.name");
            assertThat(column.get("change").asText()).isEqualTo("missing");
            assertThat(column.get("expected").asText()).isEqualTo("text NOT NULL");
            assertThat(failed(run)).containsExactly("V10__account_nickname.sql");
        }
    }

    @Test
    void aMigrationThatFailsToApplyExits1AndTheMigrationsAfterItAreNotReached() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            db.writeMigration("V7__add_user_activity_and_active_users_view.sql", "ALTER TABLE nowhere ADD COLUMN x int;\n");
            CliResult run = db.fleetway("verify");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.out()).contains("FAILED   V7__add_user_activity_and_active_users_view.sql failed",
                    "relation \"nowhere\" does not exist",
                    "skipped  V8__add_updated_at_triggers.sql: not reached",
                    "9 migrations, 6 ok, 1 failed, 0 without a down script, 2 not reached");
            assertThat(db.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'fleetway%'")).isEmpty();
        }
    }

    /** The scripts a JSON run reports as failed. */
    private static List<String> failed(CliResult run) {
        List<String> names = new ArrayList<>();
        run.result().get("migrations").forEach(m -> {
            if (m.get("state").asText().equals("failed")) {
                names.add(m.get("script").asText());
            }
        });
        return names;
    }
}
