package dev.fleetway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.fleetway.testing.CatalogSnapshot;
import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.TestDatabase;
import dev.fleetway.testing.TestFleet;

class RevertRefusalsTest {

    @Test
    void aMigrationInRangeWithoutADownScriptIsRefusedBeforeAnythingChanges() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("migrate").exitCode()).isZero();
            Files.delete(db.migrations.resolve("U3__create_projects.sql"));
            Unchanged before = Unchanged.of(db);

            CliResult all = db.fleetway("revert", "--to-baseline", "--yes");
            assertThat(all.exitCode()).as(all.toString()).isEqualTo(4);
            assertThat(all.err()).contains("V3__create_projects.sql has no down script", "nothing was changed",
                    "add U3__create_projects.sql", "--target 3");
            before.assertUnchanged(db);
            assertThat(db.fleetway("revert", "--target", "2", "--yes").exitCode()).isEqualTo(4);
            before.assertUnchanged(db);

            CliResult above = db.fleetway("revert", "--target", "3", "--yes");
            assertThat(above.exitCode()).as(above.toString()).isZero();
            MigrateRevertTest.assertStatus(db, "3", 7);
        }
    }

    @Test
    void anAppliedFileEditedSinceIsRefusedBeforeAnythingChanges() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("migrate").exitCode()).isZero();
            var file = db.migrations.resolve("V9__add_project_status.sql");
            Files.writeString(file, Files.readString(file) + "\n-- edited after release\n");
            Unchanged before = Unchanged.of(db);

            CliResult revert = db.fleetway("revert", "--yes");
            assertThat(revert.exitCode()).as(revert.toString()).isEqualTo(4);
            assertThat(revert.err()).contains("V9__add_project_status.sql", "checksum mismatch", "fleetway repair");
            before.assertUnchanged(db);
        }
    }

    @Test
    void aFailedHistoryEntryIsRefusedBeforeAnythingChanges() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("migrate").exitCode()).isZero();
            db.writeMigration("V10__add_webhooks.sql", "CREATE TABLE webhooks (id int);\nCRATE INDEX x ON webhooks (id);");
            db.writeMigration("U10__add_webhooks.sql", "DROP TABLE webhooks;");
            assertThat(db.fleetway("upgrade").exitCode()).isEqualTo(1);
            Unchanged before = Unchanged.of(db);

            CliResult revert = db.fleetway("revert", "--count", "2", "--yes");
            assertThat(revert.exitCode()).as(revert.toString()).isEqualTo(1);
            assertThat(revert.err()).contains("V10__add_webhooks.sql failed earlier", "fleetway repair");
            before.assertUnchanged(db);
        }
    }

    @Test
    void aDownScriptThatFailsMidwayIsRolledBackWithItsHistoryRow() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("migrate").exitCode()).isZero();
            db.writeMigration("U9__add_project_status.sql",
                    "ALTER TABLE projects DROP CONSTRAINT projects_status_chk;\nDROP INDEX projects_account_status_idx;\n"
                            + "SELECT 1 / 0;\n");
            Unchanged before = Unchanged.of(db);

            CliResult revert = db.fleetway("revert", "--yes");
            assertThat(revert.exitCode()).as(revert.toString()).isEqualTo(1);
            assertThat(revert.err()).contains("U9__add_project_status.sql failed at line 3", "division by zero",
                    "rolled back", "V9__add_project_status.sql stays applied").doesNotContain("\tat ");
            before.assertUnchanged(db);
        }
    }

    @Test
    void aFailingStepStopsARevertAndTheStepsBeforeItStayReverted() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("migrate").exitCode()).isZero();
            db.writeMigration("U8__add_updated_at_triggers.sql", "DROP FUNCTION set_updated_at();\n");
            CliResult revert = db.fleetway("revert", "--count", "3", "--yes");
            assertThat(revert.exitCode()).as(revert.toString()).isEqualTo(1);
            assertThat(revert.err()).contains("U8__add_updated_at_triggers.sql failed at line 1",
                    "1 migration(s) reverted earlier in this run stay reverted");
            MigrateRevertTest.assertStatus(db, "8", 2); // V9, and the repeatable that ran after it
            assertThat(db.query("SELECT count(*) FROM pg_proc WHERE proname = 'set_updated_at'")).containsExactly("1");
        }
    }

    @Test
    void aDownScriptMixingStatementsThatNeedATransactionWithOneThatCannotRunInOneIsRefused() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("migrate").exitCode()).isZero();
            db.writeMigration("U9__add_project_status.sql", "DROP INDEX CONCURRENTLY projects_account_status_idx;\n"
                    + "ALTER TABLE projects DROP COLUMN status;\n");
            Unchanged before = Unchanged.of(db);
            CliResult revert = db.fleetway("revert", "--yes");
            assertThat(revert.exitCode()).as(revert.toString()).isEqualTo(4);
            assertThat(revert.err()).contains("U9__add_project_status.sql mixes statements", "(line 1)",
                    "-- fleetway:non-transactional");
            before.assertUnchanged(db);
        }
    }

    @Test
    void tenantSchemasAreRevertedInTheirOwnSchemaWithPlaceholdersExpanded() throws Exception {
        try (TestFleet fleet = new TestFleet(0, 2)) {
            Files.writeString(fleet.migrations.resolve("V10__add_notes.sql"),
                    "CREATE TABLE ${flyway:defaultSchema}.notes (id int);\n");
            Files.writeString(fleet.migrations.resolve("U10__add_notes.sql"),
                    "DROP TABLE \"${flyway:defaultSchema}\".notes;\nDROP VIEW active_users;\n"
                            + "CREATE VIEW active_users AS SELECT id FROM users;\n");
            assertThat(fleet.fleetway("migrate", "--fleet").exitCode()).isZero();
            CliResult revert = fleet.fleetway("revert", "--tenant", "sc1", "--yes");
            assertThat(revert.exitCode()).as(revert.toString()).isZero();
            assertThat(revert.out()).contains("reverted 1 migration(s), 10 -> 9");
            String sc1 = fleet.tenantSchema.get("sc1");
            String sc0 = fleet.tenantSchema.get("sc0");
            assertThat(fleet.queryTenant("sc1", "SELECT to_regclass('" + sc1 + ".notes') IS NULL")).containsExactly("t");
            assertThat(fleet.queryTenant("sc0", "SELECT to_regclass('" + sc0 + ".notes') IS NULL")).containsExactly("f");
            // The unqualified names of the down script resolved in the tenant's schema, not in public.
            assertThat(fleet.queryTenant("sc1", "SELECT count(*) FROM information_schema.columns WHERE table_schema = '"
                    + sc1 + "' AND table_name = 'active_users'")).containsExactly("1");

            CliResult all = fleet.fleetway("revert", "--fleet", "--target", "8", "--yes");
            assertThat(all.exitCode()).as(all.toString()).isZero();
            assertThat(all.out()).contains("fleet: 3 targets, 3 ok");
        }
    }

    /** The catalog and the history of a database, to show that a refused or failed command changed nothing. */
    private record Unchanged(List<String> catalog, List<String> history) {
        static Unchanged of(TestDatabase db) throws Exception {
            return new Unchanged(CatalogSnapshot.of(db), CatalogSnapshot.history(db));
        }

        void assertUnchanged(TestDatabase db) throws Exception {
            assertThat(CatalogSnapshot.of(db)).isEqualTo(catalog);
            assertThat(CatalogSnapshot.history(db)).isEqualTo(history);
        }
    }
}
