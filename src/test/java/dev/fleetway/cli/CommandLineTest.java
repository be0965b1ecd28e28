package dev.fleetway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.fleetway.testing.Cli;
import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.TestDatabase;

/** The command line as a new user meets it: help, mistakes, JSON, completion, confirmation of reverts. */
class CommandLineTest {

    @Test
    void withoutACommandTheUsageGoesToStandardErrorWithExit2() {
        CliResult r = Cli.run(Map.of(), Path.of("."));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Usage: fleetway", "upgrade", "Apply pending migrations to the selected targets");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aMistypedCommandIsNamedWithTheClosestOne() {
        CliResult r = Cli.run(Map.of(), Path.of("."), "upgrad");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: unknown command 'upgrad' — did you mean 'upgrade'").hasLineCount(1);
    }

    @Test
    void completionPrintsABashScriptForEveryCommand() {
        CliResult r = Cli.run(Map.of(), Path.of("."), "completion");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("complete -F", "upgrade", "--to-baseline", "--env-file");
    }

    @Test
    void choosersExcludeEachOtherAndNonsenseValuesAreRefusedAtOnce() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("upgrade", "--tenant", "x", "--all").err())
                    .contains("--tenant and --all both choose targets");
            for (List<String> bad : List.of(List.of("status", "--tenant", "x", "--all"),
                    List.of("status", "--lock-wait", "-5s"), List.of("status", "--quiet", "--verbose"),
                    List.of("status", "--connect-timeout", "-1s"))) {
                CliResult r = db.fleetway(bad.toArray(String[]::new));
                assertThat(r.exitCode()).as(bad + ": " + r).isEqualTo(2);
                assertThat(r.err()).as(bad.toString()).startsWith("error: ").hasLineCount(1);
            }
            Map<String, String> env = new HashMap<>(db.env());
            env.put("FLEETWAY_LOCK_WAIT", "-2m");
            CliResult negative = db.fleetwayWith(env, "status");
            assertThat(negative.exitCode()).isEqualTo(2);
            assertThat(negative.err()).contains("fleetway.lock-wait (set in environment) is a negative duration");
        }
    }

    @Test
    void anInvalidConnectionParameterIsRefusedAtOnceNotRetriedAsUnreachable() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            long start = System.nanoTime();
            CliResult r = db.fleetway("install", db.url() + "?sslmode=bogus");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).contains("'sslmode' accepts only", "verify-full").doesNotContain(db.ownerPassword);
            assertThat(System.nanoTime() - start).isLessThan(10_000_000_000L);
            assertThat(db.fleetway("install", db.url() + "?sslmod=require").err())
                    .contains("'sslmod' is not one the PostgreSQL driver knows");
        }
    }

    @Test
    void theEnvFileHasAShortForm() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Path env = db.workDir.resolve("deploy.env");
            Files.writeString(env, "DB__PASSWORD=" + db.ownerPassword + "\n");
            Map<String, String> withoutPassword = new HashMap<>(db.env());
            withoutPassword.remove("DB__PASSWORD");
            CliResult r = db.fleetwayWith(withoutPassword, "status", "-e", env.toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
        }
    }

    @Test
    void everyCommandPrintsTheSameJsonEnvelopeAndAFailureStillPrintsItWithTheErrorLineOnStandardError()
            throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("upgrade").exitCode()).isZero();
            for (String command : List.of("status", "validate", "grant", "repair", "audit", "tenants", "upgrade")) {
                CliResult r = db.fleetway(command, "--format", "json");
                JsonNode json = r.json();
                assertThat(json.get("command").asText()).as(command).isEqualTo(command);
                assertThat(json.get("exitCode").asInt()).as(command).isEqualTo(r.exitCode()).isZero();
                assertThat(json.has("summary")).as(command).isTrue();
                assertThat(json.get("targets").isArray()).as(command).isTrue();
            }
            CliResult status = db.fleetway("status", "--format", "json");
            JsonNode entry = status.json().get("targets").get(0);
            assertThat(entry.get("target").asText()).isEqualTo("default");
            assertThat(entry.get("outcome").asText()).isEqualTo("current");
            assertThat(entry.get("result").get("currentVersion").asText()).isEqualTo("9");
            assertThat(db.fleetway("lint", "--all-files", "--format", "json").json().get("result").has("findings"))
                    .isTrue();

            CliResult unknown = db.fleetway("upgrade", "--tenant", "nosuch", "--format", "json");
            assertThat(unknown.exitCode()).isEqualTo(2);
            assertThat(unknown.json().get("exitCode").asInt()).isEqualTo(2);
            assertThat(unknown.json().get("error").asText()).contains("unknown tenant 'nosuch'");
            assertThat(unknown.err()).startsWith("error: unknown tenant 'nosuch'").hasLineCount(1);

            db.writeMigration("V10__broken.sql", "SELEC 1;");
            CliResult failed = db.fleetway("upgrade", "--format", "json");
            assertThat(failed.exitCode()).isEqualTo(1);
            assertThat(failed.json().get("targets").get(0).get("outcome").asText()).isEqualTo("failed");
            assertThat(failed.json().get("targets").get(0).get("error").asText()).contains("V10__broken.sql");
            assertThat(failed.err()).contains("V10__broken.sql").hasLineCount(1);
        }
    }

    @Test
    void revertingMoreThanOneMigrationNeedsYesWithoutATerminalAndChangesNothingWithoutIt() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("upgrade").exitCode()).isZero();
            for (List<String> args : List.of(List.of("revert", "--to-baseline"), List.of("revert", "--count", "2"),
                    List.of("migrate", "--revert", "--target", "5"))) {
                CliResult refused = db.fleetway(args.toArray(String[]::new));
                assertThat(refused.exitCode()).as(args + ": " + refused).isEqualTo(2);
                assertThat(refused.err()).contains("--yes").hasLineCount(1);
            }
            assertThat(db.query("SELECT count(*) FROM flyway_schema_history WHERE success")).containsExactly("10");
            assertThat(db.fleetway("revert").exitCode()).as("one migration is not asked about").isZero();
            CliResult dry = db.fleetway("revert", "--to-baseline", "--dry-run");
            assertThat(dry.exitCode()).as("a dry run changes nothing, so asks nothing: " + dry).isZero();
            CliResult all = db.fleetway("revert", "--to-baseline", "--yes");
            assertThat(all.exitCode()).as(all.toString()).isZero();
            assertThat(db.query("SELECT count(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL"))
                    .containsExactly("0");
            CliResult deprecated = db.fleetway("migrate", "--fleet", "--dry-run");
            assertThat(deprecated.exitCode()).isZero();
            assertThat(deprecated.err()).contains("--fleet is deprecated — use --all");
        }
    }

    @Test
    void aBrokenConfigurationFileIsOneLineNamingFileLineAndColumnButNeverItsText() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Files.createDirectories(db.workDir.resolve("config"));
            Files.writeString(db.workDir.resolve("config/application.yaml"), "fleetway:\n  default:\n"
                    + "    migration-user:\n      username: u\n      password: \"s3cret-yaml-pw\n  lock-wait: 2m\n");
            CliResult r = db.fleetway("status");
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("config/application.yaml is not valid YAML: line", "column")
                    .doesNotContain("s3cret-yaml-pw").hasLineCount(1);

            Files.writeString(db.workDir.resolve("config/application.yaml"), "fleetway:\n  tenants:\n"
                    + "    acme: {schema: a}\n    globex: {schema: g}\n    acme: {schema: b}\n");
            CliResult twice = db.fleetway("tenants");
            assertThat(twice.exitCode()).isEqualTo(2);
            assertThat(twice.err()).contains("'acme' is given twice", "at line 3 and at line 5");
        }
    }
}
