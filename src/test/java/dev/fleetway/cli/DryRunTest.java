package dev.fleetway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fleetway.testing.CatalogSnapshot;
import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.TestDatabase;
import dev.fleetway.testing.TestFleet;

class DryRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GREETING = "COMMENT ON TABLE accounts IS '${greeting} from ${flyway:defaultSchema} as"
            + " ${flyway:user} in ${flyway:database}, ${flyway:table}, ${flyway:filename}';\n";

    @Test
    void upgradeDryRunOnAnEmptyDatabasePrintsTheSqlOfEveryPendingFileAndCreatesNothing() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            List<String> catalog = CatalogSnapshot.of(db);
            CliResult dry = db.fleetway("upgrade", "--dry-run");
            assertThat(dry.exitCode()).as(dry.toString()).isZero();
            assertThat(dry.out()).contains("dry run, nothing was changed",
                    "would apply 10 migration(s), version none -> 9, then grant '" + db.app + "'",
                    "-- step 1/10: up 1_create_accounts (V1__create_accounts.sql)",
                    "-- step 10/10: up account_billing_summary (R__account_billing_summary.sql)");
            for (Path file : files(db, "V", "R")) {
                assertThat(dry.out()).as(file.getFileName().toString()).contains(Files.readString(file).strip());
            }
            assertThat(dry.out()).doesNotContain("DROP TABLE");
            assertThat(dry.out().indexOf("V9__add_project_status.sql"))
                    .isLessThan(dry.out().indexOf("-- step 10/10")).isGreaterThan(dry.out().indexOf("V8__"));
            assertThat(CatalogSnapshot.of(db)).isEqualTo(catalog);
            assertThat(CatalogSnapshot.history(db)).containsExactly("<no history table>");
        }
    }

    @Test
    void migrateDryRunExpandsPlaceholdersAndLeavesTheDatabaseAndItsHistoryByteForByteUnchanged() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Map<String, String> env = new HashMap<>(db.env());
            env.put("FLEETWAY_PLACEHOLDERS_GREETING", "hello");
            assertThat(db.fleetwayWith(env, "migrate", "--target", "6").exitCode()).isZero();
            db.writeMigration("V10__greet.sql", GREETING);
            List<String> catalog = CatalogSnapshot.of(db);
            List<String> history = CatalogSnapshot.history(db);

            CliResult text = db.fleetwayWith(env, "migrate", "--dry-run");
            assertThat(text.exitCode()).as(text.toString()).isZero();
            assertThat(text.out()).contains("would apply 5 migration(s), version 6 -> 10",
                    "COMMENT ON TABLE accounts IS 'hello from public as " + db.owner + " in " + db.name
                            + ", flyway_schema_history, V10__greet.sql';")
                    .doesNotContain("${");

            CliResult json = db.fleetwayWith(env, "migrate", "--dry-run", "--count", "2", "--format", "json");
            assertThat(json.exitCode()).as(json.toString()).isZero();
            JsonNode plan = json.result();
            assertThat(plan.get("direction").asText()).isEqualTo("up");
            assertThat(plan.get("fromVersion").asText()).isEqualTo("6");
            assertThat(plan.get("toVersion").asText()).isEqualTo("8");
            assertThat(plan.get("steps").findValuesAsText("script")).containsExactly(
                    "V7__add_user_activity_and_active_users_view.sql", "V8__add_updated_at_triggers.sql");
            assertThat(plan.get("steps").get(1).get("sql").asText())
                    .isEqualTo(Files.readString(db.migrations.resolve("V8__add_updated_at_triggers.sql")));

            assertThat(CatalogSnapshot.of(db)).isEqualTo(catalog);
            assertThat(CatalogSnapshot.history(db)).isEqualTo(history);
            assertThat(db.fleetwayWith(env, "migrate").exitCode()).isZero();
            assertThat(db.query("SELECT obj_description('accounts'::regclass)")).containsExactly(
                    "hello from public as " + db.owner + " in " + db.name + ", flyway_schema_history, V10__greet.sql");
        }
    }

    @Test
    void revertDryRunPrintsTheDownScriptsNewestFirstAndChangesNothing() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("migrate").exitCode()).isZero();
            List<String> catalog = CatalogSnapshot.of(db);
            List<String> history = CatalogSnapshot.history(db);

            CliResult dry = db.fleetway("revert", "--dry-run", "--to-baseline", "--yes");
            assertThat(dry.exitCode()).as(dry.toString()).isZero();
            assertThat(dry.out()).contains("would revert 9 migration(s), version 9 -> none",
                    "R__account_billing_summary.sql would run again on the next apply",
                    "-- step 1/9: down 9_add_project_status (U9__add_project_status.sql), in one transaction with the"
                            + " removal of its history row",
                    "-- step 9/9: down 1_create_accounts (U1__create_accounts.sql)");
            for (Path file : files(db, "U")) {
                assertThat(dry.out()).as(file.getFileName().toString()).contains(Files.readString(file).strip());
            }
            assertThat(dry.out().indexOf("U9__")).isLessThan(dry.out().indexOf("U8__"));

            JsonNode json = db.fleetway("migrate", "-r", "--dry-run", "--format", "json", "--yes").result();
            assertThat(json.get("direction").asText()).isEqualTo("down");
            assertThat(json.get("toVersion").asText()).isEqualTo("8");
            assertThat(json.get("steps").findValuesAsText("type")).containsExactly("down");
            assertThat(json.get("rerun")).extracting(JsonNode::asText).containsExactly("R__account_billing_summary.sql");

            assertThat(CatalogSnapshot.of(db)).isEqualTo(catalog);
            assertThat(CatalogSnapshot.history(db)).isEqualTo(history);
        }
    }

    @Test
    void aNonTransactionalStepIsShownAsRunningOutsideATransactionBothWays() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            db.writeMigration("V10__index_projects.sql", "-- fleetway:non-transactional\n"
                    + "CREATE INDEX CONCURRENTLY projects_name_idx ON projects (name);\n");
            db.writeMigration("U10__index_projects.sql", "-- fleetway:non-transactional\n"
                    + "DROP INDEX CONCURRENTLY projects_name_idx;\n");
            CliResult up = db.fleetway("upgrade", "--dry-run");
            assertThat(up.exitCode()).as(up.toString()).isZero();
            assertThat(up.out()).contains("(V10__index_projects.sql), outside a transaction")
                    .doesNotContain("(V9__add_project_status.sql), outside");
            assertThat(db.fleetway("upgrade").exitCode()).isZero();

            CliResult down = db.fleetway("revert", "--dry-run");
            assertThat(down.exitCode()).as(down.toString()).isZero();
            assertThat(down.out()).contains("(U10__index_projects.sql), outside a transaction; its history row is"
                    + " removed once it succeeded");
            JsonNode json = db.fleetway("revert", "--dry-run", "--format", "json").result();
            assertThat(json.get("steps").findValuesAsText("transactional")).containsExactly("false");
        }
    }

    @Test
    void aDryRunMeetsTheSameRefusalsAsTheRealRun() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("migrate").exitCode()).isZero();
            var file = db.migrations.resolve("V2__create_users.sql");
            Files.writeString(file, Files.readString(file) + "\n-- edited\n");
            CliResult dry = db.fleetway("upgrade", "--dry-run");
            assertThat(dry.exitCode()).isEqualTo(4);
            assertThat(dry.err()).contains("V2__create_users.sql", "checksum mismatch");
            assertThat(db.fleetway("migrate", "--dry-run", "--step").exitCode()).isEqualTo(2);
        }
    }

    @Test
    void aFleetDryRunCreatesNeitherTheTenantSchemasNorTheirHistory() throws Exception {
        try (TestFleet fleet = new TestFleet(0, 2)) {
            CliResult dry = fleet.fleetway("upgrade", "--dry-run", "--all", "--format", "json");
            assertThat(dry.exitCode()).as(dry.toString()).isZero();
            JsonNode report = dry.json();
            assertThat(report.get("summary").get("ok").asInt()).isEqualTo(3);
            assertThat(report.get("targets")).extracting(t -> t.get("target").asText())
                    .containsExactly("default", "sc0", "sc1");
            assertThat(report.get("targets").get(1).get("result").get("steps")).hasSize(10);
            String schemas = "'" + fleet.tenantSchema.get("sc0") + "', '" + fleet.tenantSchema.get("sc1") + "'";
            assertThat(fleet.queryTenant("sc0", "SELECT count(*) FROM pg_namespace WHERE nspname IN (" + schemas + ")"))
                    .containsExactly("0");
            assertThat(fleet.queryTenant("sc0", "SELECT to_regclass('public.flyway_schema_history') IS NULL"))
                    .containsExactly("t");
        }
    }

    private static List<Path> files(TestDatabase db, String... prefixes) throws Exception {
        try (Stream<Path> files = Files.list(db.migrations)) {
            return files.filter(f -> Stream.of(prefixes).anyMatch(p -> f.getFileName().toString().startsWith(p)))
                    .sorted().toList();
        }
    }
}
