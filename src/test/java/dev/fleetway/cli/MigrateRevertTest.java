package dev.fleetway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fleetway.testing.CatalogSnapshot;
import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.TestDatabase;

class MigrateRevertTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VIEW = "account_billing_summary";

    @Test
    void applyAllThenRevertAllEmptiesTheSchemaAndApplyingAgainRebuildsItIdentically() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            List<String> empty = CatalogSnapshot.objects(db);
            CliResult apply = db.fleetway("migrate");
            assertThat(apply.exitCode()).as(apply.toString()).isZero();
            assertThat(apply.out()).contains("applied 10 migration(s)", "none -> 9");
            List<String> first = CatalogSnapshot.withoutHistory(db);
            for (String kind : List.of("rel ", "col ", "constraint ", "index ", "view ", "function ", "trigger ",
                    "type ", "sequence ", "comment ", "default-acl ")) {
                assertThat(first).as("snapshot has %s lines", kind).anyMatch(l -> l.startsWith(kind));
            }

            CliResult revert = db.fleetway("migrate", "--revert", "--to-baseline", "--yes");
            assertThat(revert.exitCode()).as(revert.toString()).isZero();
            assertThat(revert.out()).contains("reverted 9 migration(s), 9 -> none",
                    "R__account_billing_summary.sql will run again on the next apply");
            assertThat(CatalogSnapshot.objects(db)).isEqualTo(empty);
            assertThat(db.query("SELECT count(*) FROM flyway_schema_history")).containsExactly("0");

            CliResult again = db.fleetway("migrate", "--apply");
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(again.out()).contains("applied 10 migration(s)");
            assertThat(CatalogSnapshot.withoutHistory(db)).isEqualTo(first);
        }
    }

    @Test
    void targetAndCountStopExactlyWhereAsked() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("migrate", "--target", "4").exitCode()).isZero();
            assertStatus(db, "4", 6);
            assertThat(db.relations()).doesNotContain("invoice_lines", VIEW);

            CliResult two = db.fleetway("migrate", "--count", "2", "--format", "json");
            assertThat(two.exitCode()).as(two.toString()).isZero();
            assertThat(two.result().get("applied")).extracting(JsonNode::asText)
                    .containsExactly("V5__create_invoice_lines.sql", "V6__create_audit_log.sql");
            assertStatus(db, "6", 4);

            CliResult down = db.fleetway("revert", "--target", "2", "--yes");
            assertThat(down.exitCode()).as(down.toString()).isZero();
            assertThat(down.out()).contains("reverted 4 migration(s), 6 -> 2");
            assertStatus(db, "2", 8);
            assertThat(db.relations()).containsExactly("accounts", "accounts_id_seq", "flyway_schema_history",
                    "users", "users_id_seq");

            CliResult one = db.fleetway("downgrade", "--count", "1", "--yes");
            assertThat(one.exitCode()).as(one.toString()).isZero();
            assertStatus(db, "1", 9);

            CliResult none = db.fleetway("migrate", "--target", "1");
            assertThat(none.exitCode()).as(none.toString()).isZero();
            assertThat(none.out()).contains("nothing to apply within the bound, at version 1");
            assertThat(db.fleetway("migrate", "--target", "9").exitCode()).isZero();
            assertStatus(db, "9", 0);
        }
    }

    @Test
    void everyVersionOfTheSampleRoundTripsThroughRevertAndApply() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            List<List<String>> up = new ArrayList<>();
            up.add(CatalogSnapshot.objects(db));
            for (int v = 1; v <= 9; v++) {
                CliResult step = db.fleetway("migrate", "--count", "1");
                assertThat(step.exitCode()).as(step.toString()).isZero();
                up.add(CatalogSnapshot.objects(db));
            }
            assertThat(db.fleetway("migrate").exitCode()).isZero(); // the repeatable view
            List<String> full = CatalogSnapshot.withoutHistory(db);

            for (int v = 9; v >= 1; v--) {
                CliResult revert = db.fleetway("revert", "--yes");
                assertThat(revert.exitCode()).as("revert V" + v + ": " + revert).isZero();
                assertStatus(db, v == 1 ? null : String.valueOf(v - 1), 11 - v);
                // U5 and the ones below drop the repeatable view; above V5 it outlives the revert.
                List<String> now = CatalogSnapshot.objects(db);
                assertThat(now.stream().anyMatch(l -> l.contains(VIEW))).as("view at " + (v - 1)).isEqualTo(v > 5);
                assertThat(now.stream().filter(l -> !l.contains(VIEW)).toList()).as("schema at " + (v - 1))
                        .isEqualTo(up.get(v - 1));

                CliResult reapply = db.fleetway("migrate", "--count", "1");
                assertThat(reapply.exitCode()).as("re-apply V" + v + ": " + reapply).isZero();
                assertThat(CatalogSnapshot.objects(db).stream().filter(l -> !l.contains(VIEW)).toList())
                        .as("schema at " + v).isEqualTo(up.get(v));
                assertThat(db.fleetway("revert", "--yes").exitCode()).isZero();
            }
            assertThat(CatalogSnapshot.objects(db)).isEqualTo(up.get(0));
            assertThat(db.fleetway("migrate", "--all").exitCode()).isZero();
            assertThat(CatalogSnapshot.withoutHistory(db)).isEqualTo(full);
        }
    }

    @Test
    void afterARevertTheAppUserStillReadsAndWritesWhatRemains() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("migrate").exitCode()).isZero();
            CliResult revert = db.fleetway("revert", "--target", "5", "--yes");
            assertThat(revert.exitCode()).as(revert.toString()).isZero();
            assertThat(revert.out()).contains("granted '" + db.app + "'");
            try (Connection app = db.connectAsApp(); Statement s = app.createStatement()) {
                s.executeUpdate("INSERT INTO accounts (slug, name) VALUES ('acme', 'Acme')");
                s.executeUpdate("INSERT INTO invoices (account_id) SELECT id FROM accounts");
                s.executeUpdate("INSERT INTO invoice_lines (invoice_id, line_no, description, unit_price_cents)"
                        + " SELECT id, 1, 'x', 100 FROM invoices");
                s.executeQuery("SELECT * FROM " + VIEW).close();
            }
            assertThat(db.query("SELECT count(*) FROM flyway_schema_history WHERE script LIKE 'R\\_\\_%'"))
                    .containsExactly("0");
            CliResult upgrade = db.fleetway("upgrade", "--format", "json");
            assertThat(upgrade.exitCode()).as(upgrade.toString()).isZero();
            assertThat(upgrade.result().get("applied")).extracting(JsonNode::asText).containsExactly(
                    "V6__create_audit_log.sql", "V7__add_user_activity_and_active_users_view.sql",
                    "V8__add_updated_at_triggers.sql", "V9__add_project_status.sql", "R__account_billing_summary.sql");
        }
    }

    @Test
    void nothingToRevertIsSuccess() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            CliResult revert = db.fleetway("revert", "--to-baseline", "--yes");
            assertThat(revert.exitCode()).as(revert.toString()).isZero();
            assertThat(revert.out()).contains("nothing to revert, at version none");
            assertThat(db.relations()).isEmpty();
        }
    }

    @Test
    void conflictingBoundsAreUsageErrors() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("migrate", "--to-baseline", "--count", "2").exitCode()).isEqualTo(2);
            assertThat(db.fleetway("migrate", "--apply", "--revert", "--yes").exitCode()).isEqualTo(2);
            CliResult badTarget = db.fleetway("migrate", "--target", "v4");
            assertThat(badTarget.exitCode()).isEqualTo(2);
            assertThat(badTarget.err()).contains("--target 'v4' is not a version");
            assertThat(db.fleetway("revert", "--count", "0", "--yes").exitCode()).isEqualTo(2);
            assertThat(db.fleetway("migrate").exitCode()).isZero();
            CliResult tooMany = db.fleetway("revert", "--count", "12", "--yes");
            assertThat(tooMany.exitCode()).isEqualTo(2);
            assertThat(tooMany.err()).contains("--count 12", "9 applied migration(s)");
        }
    }

    static void assertStatus(TestDatabase db, String version, int pending) throws Exception {
        JsonNode status = db.fleetway("status", "--format", "json").result();
        assertThat(status.get("currentVersion").isNull() ? null : status.get("currentVersion").asText())
                .isEqualTo(version);
        assertThat(status.get("pending").asInt()).isEqualTo(pending);
    }
}
