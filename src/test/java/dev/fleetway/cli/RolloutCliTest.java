package dev.fleetway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.TestFleet;
import dev.fleetway.testing.TestPostgres;

/** Labels, groups with their own migrations, phases, canary and waves, and finishing what a run left. */
class RolloutCliTest {

    /**
     * Declares every tenant of {@code fleet} in configuration, each with {@code extra} YAML fields (labels,
     * placeholders), plus {@code more} top-level settings; the tenants file and query are left out.
     */
    private static Map<String, String> configure(TestFleet fleet, Map<String, String> extra, String more)
            throws Exception {
        StringBuilder yaml = new StringBuilder("fleetway:\n  tenants:\n");
        for (String id : fleet.tenantIds) {
            yaml.append("    ").append(id).append(": {url: '").append(TestPostgres.get().jdbcUrl(fleet.tenantDatabase
                    .get(id))).append("', schema: ").append(fleet.tenantSchema.get(id))
                    .append(extra.containsKey(id) ? ", " + extra.get(id) : "").append("}\n");
        }
        yaml.append(more);
        Files.writeString(fleet.workDir.resolve("config/application.yaml"), yaml);
        Map<String, String> env = new HashMap<>(fleet.env());
        env.remove("FLEETWAY_TENANTS_FILE");
        env.remove("FLEETWAY_TENANT_QUERY");
        return env;
    }

    private static void write(Path dir, String file, String sql) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(file), sql);
    }

    private static List<String> tables(TestFleet fleet, String id) throws Exception {
        return fleet.queryTenant(id, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                + " AND tablename IN ('accounts', 'enterprise_audit', 'legacy_only', 'registry') ORDER BY 1");
    }

    @Test
    void labelsNarrowTheSelectionAndGroupsGiveTenantsTheirOwnMigrationsOnBothKindsOfTenant() throws Exception {
        try (TestFleet fleet = new TestFleet(2, 2)) {
            Path extra = fleet.workDir.resolve("enterprise");
            write(extra, "V100__enterprise_audit.sql", "CREATE TABLE enterprise_audit (id int);");
            Path legacy = fleet.workDir.resolve("legacy");
            write(legacy, "V1__legacy_only.sql", "CREATE TABLE legacy_only (id int);");
            Path shared = fleet.workDir.resolve("shared");
            write(shared, "V1__registry.sql", "CREATE TABLE registry (id int);");
            Map<String, String> env = configure(fleet, Map.of(
                    "db0", "labels: {plan: enterprise, region: eu}", "sc0", "labels: {plan: enterprise, region: us}",
                    "db1", "labels: {plan: legacy, region: eu}", "sc1", "labels: {plan: free, region: eu}"),
                    "  default: {locations: ['filesystem:" + shared + "']}\n"
                    + "  locations: ['filesystem:" + fleet.migrations + "']\n"
                    + "  groups:\n"
                    + "    enterprise: {match: {plan: enterprise}, mode: add, locations: ['filesystem:" + extra + "']}\n"
                    + "    legacy: {match: {plan: legacy}, mode: replace, locations: ['filesystem:" + legacy + "']}\n");

            CliResult eu = run(fleet, env, "tenants", "--format", "json");
            assertThat(eu.result("db0").get("labels").get("plan").asText()).isEqualTo("enterprise");

            CliResult onlyEu = run(fleet, env, "upgrade", "--all", "--label", "region=eu", "--exclude", "default");
            assertThat(onlyEu.exitCode()).as(onlyEu.toString()).isZero();
            assertThat(onlyEu.out()).contains("tenant 'db0'", "tenant 'db1'", "tenant 'sc1'")
                    .doesNotContain("tenant 'sc0'", "default database");
            assertThat(tables(fleet, "sc0")).as("not selected: region us").isEmpty();

            CliResult all = run(fleet, env, "upgrade", "--all");
            assertThat(all.exitCode()).as(all.toString()).isZero();
            assertThat(tables(fleet, "db0")).containsExactly("accounts", "enterprise_audit");
            assertThat(tables(fleet, "sc0")).containsExactly("accounts", "enterprise_audit");
            assertThat(tables(fleet, "db1")).as("replace: only the group's set").containsExactly("legacy_only");
            assertThat(tables(fleet, "sc1")).containsExactly("accounts");
            assertThat(fleet.queryTenant("db0", "SELECT count(*) FROM pg_tables WHERE tablename = 'registry'"))
                    .as("the default database has its own folder").containsExactly("0");

            CliResult audit = run(fleet, env, "audit", "--fail-on", "any");
            assertThat(audit.exitCode()).as("every target current against its own set: " + audit).isZero();
            assertThat(run(fleet, env, "validate", "--all").exitCode()).isZero();
            assertThat(audit.result("db1").get("currentVersion").asText()).isEqualTo("1");
            assertThat(audit.result("default").get("currentVersion").asText()).isEqualTo("1");

            Map<String, String> twice = configure(fleet, Map.of("db0", "labels: {plan: enterprise, region: eu}"),
                    "  groups:\n    a: {match: {plan: enterprise}}\n    b: {match: {region: eu}}\n");
            CliResult clash = run(fleet, twice, "tenants");
            assertThat(clash.exitCode()).isEqualTo(2);
            assertThat(clash.err()).contains("tenant 'db0'", "fleetway.groups.a and fleetway.groups.b");
        }
    }

    /** A run with the configured locations (no --migrations, which would replace every one of them). */
    private static CliResult run(TestFleet fleet, Map<String, String> env, String... args) {
        return dev.fleetway.testing.Cli.run(env, fleet.workDir, args);
    }

    @Test
    void aFailingCanaryStopsTheRolloutAndTheRestIsSkippedWhileABudgetThatHoldsBringsEveryTargetCurrent()
            throws Exception {
        try (TestFleet fleet = new TestFleet(4, 2)) {
            write(fleet.migrations, "V10__maybe_fail.sql",
                    "DO $$ BEGIN IF '${failhere}' = 'yes' THEN RAISE EXCEPTION 'injected'; END IF; END $$;\n");
            String placeholders = "  placeholders: {failhere: 'no'}\n";
            Map<String, String> env = configure(fleet, Map.of("db3", "placeholders: {failhere: 'yes'}"), placeholders);
            CliResult stopped = fleet.fleetwayWith(env, "upgrade", "--all", "--canary", "db3", "--waves", "50%,100%",
                    "--format", "json");
            assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(6);
            JsonNode json = stopped.json();
            assertThat(json.get("rollout").findValuesAsText("outcome"))
                    .containsExactly("done", "stopped", "skipped", "skipped");
            assertThat(json.get("rollout").findValuesAsText("name"))
                    .containsExactly("default database", "canary", "wave 1", "wave 2");
            Map<String, String> outcomes = new HashMap<>();
            json.get("targets").forEach(t -> outcomes.put(t.get("target").asText(), t.get("outcome").asText()));
            assertThat(outcomes).containsEntry("default", "ok").containsEntry("db3", "failed")
                    .containsEntry("db0", "skipped").containsEntry("sc1", "skipped");
            assertThat(json.get("summary").get("skipped").asInt()).isEqualTo(5);
            assertThat(json.get("targets").get(2).get("error").asText()).contains("the rollout stopped after canary");
            assertThat(stopped.err()).contains("tenant 'db3'", "V10__maybe_fail.sql",
                    "'fleetway upgrade --tenant db3'");
            assertThat(fleet.queryTenant("db0", "SELECT count(*) FROM pg_tables WHERE tablename = 'flyway_schema_history'"))
                    .as("a skipped tenant is untouched").containsExactly("0");

            CliResult text = fleet.fleetwayWith(env, "upgrade", "--all", "--canary", "db3", "--waves", "50%,100%");
            assertThat(text.exitCode()).isEqualTo(6);
            assertThat(text.out()).contains("skipped  tenant 'db0'", "not started: the rollout stopped after canary",
                    "wave     canary: 1 target(s), 1 failed — stopped");
            assertThat(text.err()).contains("error: the rollout stopped after canary: 1 of 1 target(s) failed, over its"
                    + " budget of 0");

            Map<String, String> healthy = configure(fleet, Map.of(), placeholders);
            assertThat(fleet.fleetwayWith(healthy, "repair", "--tenant", "db3").exitCode()).isZero();
            CliResult done = fleet.fleetwayWith(healthy, "upgrade", "--all", "--canary-count", "1", "--waves", "2,100%",
                    "--max-failures", "1", "--format", "json");
            assertThat(done.exitCode()).as(done.toString()).isZero();
            assertThat(done.json().get("rollout").findValuesAsText("name"))
                    .containsExactly("default database", "canary", "wave 1", "wave 2");
            assertThat(done.json().get("rollout").findValuesAsText("outcome")).containsOnly("done");
            assertThat(fleet.fleetwayWith(healthy, "audit", "--fail-on", "any").exitCode()).isZero();
        }
    }

    @Test
    void aFailedDefaultDatabaseStopsTheRunBeforeAnyTenant() throws Exception {
        try (TestFleet fleet = new TestFleet(2, 0)) {
            write(fleet.migrations, "V10__maybe_fail.sql",
                    "DO $$ BEGIN IF '${failhere}' = 'yes' THEN RAISE EXCEPTION 'injected'; END IF; END $$;\n");
            Map<String, String> env = configure(fleet, Map.of(), "  placeholders: {failhere: 'no'}\n"
                    + "  default: {placeholders: {failhere: 'yes'}}\n");
            CliResult r = fleet.fleetwayWith(env, "upgrade", "--all");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).contains("skipped  tenant 'db0'",
                    "not started: the run stopped after the default database failed").doesNotContain("wave ");
            CliResult json = fleet.fleetwayWith(env, "upgrade", "--all", "--format", "json");
            assertThat(json.json().has("rollout")).as("a plain run's phases are not a rollout: " + json.out()).isFalse();
            assertThat(fleet.queryTenant("db0", "SELECT count(*) FROM pg_tables WHERE tablename = 'flyway_schema_history'"))
                    .containsExactly("0");
            CliResult first = fleet.fleetwayWith(env, "upgrade", "--all", "--tenants-first");
            assertThat(first.exitCode()).as(first.toString()).isEqualTo(6);
            assertThat(fleet.queryTenant("db0", "SELECT count(*) FROM flyway_schema_history WHERE version = '10'"))
                    .containsExactly("1");
        }
    }

    @Test
    void onlyBehindTouchesOnlyTheTargetsThatAreBehind() throws Exception {
        try (TestFleet fleet = new TestFleet(3, 0)) {
            Map<String, String> env = configure(fleet, Map.of(), "");
            assertThat(fleet.fleetwayWith(env, "upgrade", "--all").exitCode()).isZero();
            assertThat(fleet.fleetwayWith(env, "revert", "--tenant", "db1").exitCode()).isZero();
            Map<String, List<String>> before = new HashMap<>();
            for (String id : fleet.tenantIds) {
                before.put(id, fleet.queryTenant(id, "SELECT installed_rank || ' ' || installed_on FROM"
                        + " flyway_schema_history ORDER BY 1"));
            }
            Thread.sleep(20);
            CliResult r = fleet.fleetwayWith(env, "upgrade", "--all", "--only", "behind", "--format", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.json().get("targets")).hasSize(1);
            assertThat(r.json().get("targets").get(0).get("target").asText()).isEqualTo("db1");
            assertThat(fleet.queryTenant("db0", "SELECT installed_rank || ' ' || installed_on FROM flyway_schema_history"
                    + " ORDER BY 1")).isEqualTo(before.get("db0"));
            assertThat(fleet.queryTenant("db2", "SELECT installed_rank || ' ' || installed_on FROM flyway_schema_history"
                    + " ORDER BY 1")).isEqualTo(before.get("db2"));
            assertThat(fleet.queryTenant("db1", "SELECT count(*) FROM flyway_schema_history WHERE version = '9'"
                    + " AND success")).containsExactly("1");
        }
    }
}
