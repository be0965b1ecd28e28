package dev.fleetway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.TestDatabase;

class InstallUpgradeStatusTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void installOnAnEmptyDatabaseThenUpgradeIsANoOpAndStatusShowsEveryVersionApplied() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            CliResult install = db.fleetway("install", db.url(), "--app-user", db.app);
            assertThat(install.exitCode()).as(install.toString()).isZero();
            assertThat(install.out()).contains("applied 10 migration(s)", "none -> 9", "granted '" + db.app + "'");

            CliResult again = db.fleetway("upgrade");
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(again.out()).contains("already current at version 9");

            CliResult status = db.fleetway("status", "--format", "json");
            assertThat(status.exitCode()).as(status.toString()).isZero();
            JsonNode json = status.result();
            assertThat(json.get("currentVersion").asText()).isEqualTo("9");
            assertThat(json.get("pending").asInt()).isZero();
            List<String> states = json.get("migrations").findValuesAsText("database");
            assertThat(states).hasSize(10).containsOnly("applied");
            assertThat(json.get("migrations").findValuesAsText("checksum")).contains("ok");

            CliResult table = db.fleetway("info");
            assertThat(table.out()).contains("VERSION", "DESCRIPTION", "TYPE", "SOURCE", "DATABASE", "INSTALLED ON",
                    "CHECKSUM", "create accounts", "repeatable");

            CliResult validate = db.fleetway("validate");
            assertThat(validate.exitCode()).as(validate.toString()).isZero();
            assertThat(validate.out()).contains("valid");
        }
    }

    @Test
    void statusBeforeInstallShowsEverythingPendingAndChangesNothing() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            CliResult status = db.fleetway("migrate-info", "--format", "json");
            assertThat(status.exitCode()).as(status.toString()).isZero();
            JsonNode json = status.result();
            assertThat(json.get("pending").asInt()).isEqualTo(10);
            assertThat(json.get("currentVersion").isNull()).isTrue();
            assertThat(db.relations()).isEmpty();
        }
    }

    @Test
    void aDatabaseMigratedByPlainFlywayIsReadAndContinued() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            var older = Files.createDirectory(db.workDir.resolve("older"));
            for (int v = 1; v <= 7; v++) {
                int version = v;
                try (var files = Files.list(db.migrations)) {
                    var file = files.filter(f -> f.getFileName().toString().startsWith("V" + version + "__"))
                            .findFirst().orElseThrow();
                    Files.copy(file, older.resolve(file.getFileName()));
                }
            }
            Flyway.configure().dataSource(db.jdbcUrl(), db.owner, db.ownerPassword)
                    .locations("filesystem:" + older).load().migrate();

            CliResult status = db.fleetway("status", "--format", "json");
            JsonNode json = status.result();
            assertThat(json.get("currentVersion").asText()).isEqualTo("7");
            assertThat(json.get("pending").asInt()).isEqualTo(3);
            assertThat(json.get("checksumMismatches").asInt()).isZero();

            CliResult upgrade = db.fleetway("upgrade", "--format", "json");
            assertThat(upgrade.exitCode()).as(upgrade.toString()).isZero();
            JsonNode result = upgrade.result();
            assertThat(result.get("fromVersion").asText()).isEqualTo("7");
            assertThat(result.get("toVersion").asText()).isEqualTo("9");
            assertThat(result.get("applied")).extracting(JsonNode::asText).containsExactly(
                    "V8__add_updated_at_triggers.sql", "V9__add_project_status.sql", "R__account_billing_summary.sql");
            assertThat(db.query("SELECT count(*) FROM flyway_schema_history WHERE success")).containsExactly("10");
        }
    }

    @Test
    void globalOptionsAreAcceptedBeforeAndAfterTheSubcommand() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            CliResult before = db.fleetway("--format", "json", "--quiet", "status");
            CliResult after = db.fleetway("status", "--format", "json", "--quiet");
            assertThat(before.exitCode()).isZero();
            assertThat(JSON.readTree(before.out())).isEqualTo(JSON.readTree(after.out()));
        }
    }
}
