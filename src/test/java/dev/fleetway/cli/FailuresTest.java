package dev.fleetway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.TestDatabase;

class FailuresTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BROKEN = "-- adds webhooks\nCREATE TABLE webhooks (id int PRIMARY KEY);\n\n"
            + "CRATE INDEX webhooks_id_idx ON webhooks (id);\n";

    @Test
    void aMigrationWithASqlErrorFailsNamingFileAndLineLeavesTheDatabaseUnchangedAndIsRepairable() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("upgrade").exitCode()).isZero();
            var before = db.relations();
            db.writeMigration("V10__add_webhooks.sql", BROKEN);

            CliResult failed = db.fleetway("upgrade");
            assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
            assertThat(failed.err()).contains("V10__add_webhooks.sql failed at line 4", "CRATE", "repair")
                    .doesNotContain("\tat ");
            assertThat(db.relations()).isEqualTo(before);

            JsonNode status = db.fleetway("status", "--format", "json").result();
            assertThat(status.get("failed").asInt()).isEqualTo(1);
            assertThat(status.get("currentVersion").asText()).isEqualTo("9");

            CliResult refused = db.fleetway("upgrade");
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("V10__add_webhooks.sql failed earlier");
            assertThat(db.fleetway("validate").exitCode()).isEqualTo(1);

            db.writeMigration("V10__add_webhooks.sql", BROKEN.replace("CRATE", "CREATE"));
            CliResult repair = db.fleetway("repair");
            assertThat(repair.exitCode()).as(repair.toString()).isZero();
            assertThat(repair.out()).contains("1 failed entr(ies) removed");
            CliResult upgrade = db.fleetway("upgrade");
            assertThat(upgrade.exitCode()).as(upgrade.toString()).isZero();
            assertThat(db.relations()).contains("webhooks");
        }
    }

    @Test
    void aFreshInstallRunsAsOneTransactionSoAFailureLeavesTheDatabaseEmptyAndIsRepairable() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            db.writeMigration("V10__add_webhooks.sql", BROKEN);

            CliResult failed = db.fleetway("upgrade");
            assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
            assertThat(failed.err()).contains("V10__add_webhooks.sql failed at line 4", "CRATE",
                    "with the 9 migration(s) before it", "the database is as before", "fix the file, then run"
                            + " 'fleetway upgrade'").doesNotContain("repair").hasLineCount(1);
            assertThat(db.relations()).doesNotContain("projects", "webhooks");

            // Nothing was applied, so nothing is recorded: a failed row would make the rolled-back migrations
            // below it look ignored.
            JsonNode status = db.fleetway("status", "--format", "json").result();
            assertThat(status.get("failed").asInt()).as(status.toString()).isZero();
            assertThat(status.get("pending").asInt()).as(status.toString()).isEqualTo(11);

            CliResult again = db.fleetway("upgrade");
            assertThat(again.err()).as("the empty history a failed install leaves is still a fresh install")
                    .contains("with the 9 migration(s) before it");
            assertThat(db.relations()).doesNotContain("projects");

            db.writeMigration("V10__add_webhooks.sql", BROKEN.replace("CRATE", "CREATE"));
            CliResult upgrade = db.fleetway("upgrade");
            assertThat(upgrade.exitCode()).as(upgrade.toString()).isZero();
            assertThat(upgrade.out()).contains("applied 11 migration(s)");
            assertThat(db.relations()).contains("projects", "webhooks");
        }
    }

    @Test
    void aFreshInstallWithAConcurrentIndexBuildRunsItsMigrationsOneByOne() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            // Marked, and so planned outside a transaction: never grouped.
            db.writeMigration("V10__index_projects.sql", "-- fleetway:non-transactional (index build)\n"
                    + "CREATE INDEX CONCURRENTLY projects_name_idx ON projects (name);\n");
            CliResult marked = db.fleetway("upgrade");
            assertThat(marked.exitCode()).as(marked.toString()).isZero();
            assertThat(db.query("SELECT indexname FROM pg_indexes")).contains("projects_name_idx");
        }
        try (TestDatabase db = new TestDatabase()) {
            // Unmarked: Flyway itself finds the statement that cannot run in a transaction and refuses the group
            // before anything runs; the migrations then run one by one.
            db.writeMigration("V10__index_projects.sql",
                    "CREATE INDEX CONCURRENTLY projects_name_idx ON projects (name);\n");
            CliResult unmarked = db.fleetway("upgrade");
            assertThat(unmarked.exitCode()).as(unmarked.toString()).isZero();
            assertThat(unmarked.out()).contains("applied 11 migration(s)");
            assertThat(db.query("SELECT indexname FROM pg_indexes")).contains("projects_name_idx");
        }
    }

    @Test
    void anEditedAppliedMigrationFailsValidationAndUpgradeNamingTheFile() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("upgrade").exitCode()).isZero();
            var file = db.migrations.resolve("V3__create_projects.sql");
            Files.writeString(file, Files.readString(file) + "\n-- edited after release\n");

            CliResult validate = db.fleetway("validate");
            assertThat(validate.exitCode()).as(validate.toString()).isEqualTo(4);
            assertThat(validate.err()).contains("V3__create_projects.sql", "checksum mismatch");

            CliResult upgrade = db.fleetway("upgrade");
            assertThat(upgrade.exitCode()).isEqualTo(4);
            assertThat(upgrade.err()).contains("V3__create_projects.sql", "checksum mismatch");

            JsonNode status = db.fleetway("status", "--format", "json").result();
            assertThat(status.get("checksumMismatches").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aFileOlderThanTheCurrentVersionThatWasNeverAppliedFailsValidationAndUpgrade() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("upgrade").exitCode()).isZero();
            db.writeMigration("V8_5__late_hotfix.sql", "CREATE TABLE hotfix (id int);");
            CliResult validate = db.fleetway("validate");
            assertThat(validate.exitCode()).as(validate.toString()).isEqualTo(4);
            assertThat(validate.err()).contains("V8_5__late_hotfix.sql", "never applied");
            assertThat(db.fleetway("upgrade").exitCode()).isEqualTo(4);
            assertThat(db.relations()).doesNotContain("hotfix");
        }
    }

    @Test
    void twoFilesWithTheSameVersionAreRefusedNamingBothAndNeverTakenForAlreadyCurrent() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("upgrade").exitCode()).isZero();
            db.writeMigration("V9__another_branch.sql", "CREATE TABLE from_the_other_branch (id int);");
            CliResult upgrade = db.fleetway("upgrade");
            assertThat(upgrade.exitCode()).as(upgrade.toString()).isEqualTo(4);
            assertThat(upgrade.out()).doesNotContain("already current");
            assertThat(upgrade.err()).contains("V9__add_project_status.sql", "V9__another_branch.sql",
                    "the same version 9").hasLineCount(1);
        }
    }

    @Test
    void aSqlFileTheLayoutDoesNotRecogniseIsRefusedUnlessIgnored() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            for (String name : List.of("V10_single_underscore.sql", "V10__.sql", "v10__x.sql", "Vabc__x.sql")) {
                db.writeMigration(name, "SELECT 1;");
                CliResult r = db.fleetway("upgrade");
                assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
                assertThat(r.err()).contains(name, "V<version>__<description>.sql").hasLineCount(1);
                Files.delete(db.migrations.resolve(name));
            }
            db.writeMigration("afterMigrate.sql", "SELECT 1;");
            db.writeMigration("seed-data.sql", "SELECT 1;");
            Map<String, String> env = new HashMap<>(db.env());
            env.put("FLEETWAY_IGNORE_FILES", "seed-*.sql");
            CliResult ignored = db.fleetwayWith(env, "upgrade");
            assertThat(ignored.exitCode()).as("a callback is recognised, an ignored file skipped: " + ignored).isZero();
        }
    }

    @Test
    void anAppliedMigrationMissingFromTheFilesFailsValidation() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("upgrade").exitCode()).isZero();
            Files.delete(db.migrations.resolve("V5__create_invoice_lines.sql"));
            CliResult validate = db.fleetway("validate");
            assertThat(validate.exitCode()).isEqualTo(4);
            assertThat(validate.err()).contains("V5__create_invoice_lines.sql", "missing");
        }
    }

    @Test
    void aNonEmptyDatabaseWithoutHistoryIsRefusedUntilBaselined() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            // A database built by hand from the first three migrations, before Fleetway was adopted.
            try (var c = db.connectAsOwner(); var s = c.createStatement()) {
                for (String v : List.of("V1__create_accounts.sql", "V2__create_users.sql", "V3__create_projects.sql")) {
                    s.execute(Files.readString(db.migrations.resolve(v)));
                }
            }
            var handBuilt = db.relations();
            CliResult install = db.fleetway("install", db.url());
            assertThat(install.exitCode()).as(install.toString()).isEqualTo(4);
            assertThat(install.err()).contains("no history", "fleetway baseline");
            assertThat(db.relations()).isEqualTo(handBuilt);

            CliResult baseline = db.fleetway("baseline", "--version", "3");
            assertThat(baseline.exitCode()).as(baseline.toString()).isZero();
            CliResult upgrade = db.fleetway("upgrade", "--format", "json");
            assertThat(upgrade.exitCode()).as(upgrade.toString()).isZero();
            assertThat(upgrade.result().get("applied")).hasSize(7);
            JsonNode status = db.fleetway("status", "--format", "json").result();
            assertThat(status.get("currentVersion").asText()).isEqualTo("9");
            assertThat(db.fleetway("baseline").exitCode()).isEqualTo(4);
        }
    }

    @Test
    void aSecondRunnerWaitsForTheLockAndGivesUpNamingTheHolder() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("upgrade").exitCode()).isZero();
            try (var holder = db.connectAsOwner()) {
                Map<String, String> env = new HashMap<>(db.env());
                long key = lockKey(db.name);
                try (var s = holder.createStatement()) {
                    s.execute("SET application_name = 'other-runner'");
                    s.execute("SELECT pg_advisory_lock(" + key + ")");
                }
                CliResult waited = db.fleetwayWith(env, "upgrade", "--lock-wait", "1s");
                assertThat(waited.exitCode()).as(waited.toString()).isEqualTo(5);
                assertThat(waited.err()).contains("lock not acquired within 1s", "pid", "other-runner");
            }
            assertThat(db.fleetway("upgrade", "--lock-wait", "1s").exitCode()).isZero();
        }
    }

    private static long lockKey(String database) throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest(("fleetway|" + database + "|public").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.nio.ByteBuffer.wrap(digest).getLong();
    }
}
