package dev.fleetway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.PackagedApp;
import dev.fleetway.testing.TestDatabase;

/** The packaged application, run as a process with only an environment, as an init container runs it. */
class PackagedAppIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, String> deploymentEnv(TestDatabase db) throws Exception {
        // The password arrives as a mounted secret file, the way Kubernetes and Docker hand it over.
        Path secret = Files.writeString(db.workDir.resolve("owner-password"), db.ownerPassword + "\n");
        Map<String, String> env = new HashMap<>(db.env());
        env.remove("DB__PASSWORD");
        env.put("DB__PASSWORD_FILE", secret.toString());
        return env;
    }

    @Test
    void installUpgradeAndStatusRunAsAProcessWithEmbeddedMigrations() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Map<String, String> env = deploymentEnv(db);
            CliResult install = PackagedApp.run(env, db.workDir, "install", db.url(), "--app-user", db.app);
            assertThat(install.exitCode()).as(install.toString()).isZero();
            assertThat(install.out()).contains("applied 10 migration(s)");

            CliResult upgrade = PackagedApp.run(env, db.workDir, "upgrade");
            assertThat(upgrade.exitCode()).as(upgrade.toString()).isZero();
            assertThat(upgrade.out()).contains("already current at version 9");

            CliResult status = PackagedApp.run(env, db.workDir, "status", "--format", "json");
            assertThat(status.exitCode()).as(status.toString()).isZero();
            JsonNode json = status.result();
            assertThat(json.get("currentVersion").asText()).isEqualTo("9");
            assertThat(json.get("migrations").findValuesAsText("database")).hasSize(10).containsOnly("applied");
            assertThat(status.err()).doesNotContain(db.ownerPassword);

            CliResult validate = PackagedApp.run(env, db.workDir, "validate");
            assertThat(validate.exitCode()).as(validate.toString()).isZero();
        }
    }

    @Test
    void outputIsUtf8WithoutALocaleAsInAMinimalContainer() throws Exception {
        Path dir = Files.createTempDirectory("fleetway-locale");
        CliResult r = PackagedApp.run(Map.of("LANG", "C"), dir, "upgrad");
        assertThat(r.exitCode()).isEqualTo(2);
        // Without UTF-8 forced on the streams, the dash would come out as '?' under LANG=C.
        assertThat(r.err()).startsWith("error: unknown command 'upgrad' — did you mean 'upgrade'");
    }

    @Test
    void theEnvFileAndTheMigrationsDirectoryAreReadFromTheCommandLine() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            StringBuilder lines = new StringBuilder("# deployment settings\n");
            db.env().forEach((k, v) -> lines.append(k).append("='").append(v).append("'\n"));
            Path envFile = Files.writeString(db.workDir.resolve("fleetway.env"), lines);
            Files.delete(db.migrations.resolve("V9__add_project_status.sql"));
            CliResult upgrade = PackagedApp.run(Map.of(), db.workDir, "upgrade", "--env-file", envFile.toString(),
                    "--migrations", db.migrations.toString(), "--format", "json");
            assertThat(upgrade.exitCode()).as(upgrade.toString()).isZero();
            assertThat(upgrade.result().get("toVersion").asText()).isEqualTo("8");
        }
    }

    @Test
    void badInputExitsWithTheDocumentedCodeAndNoStackTrace() throws Exception {
        Path dir = Files.createTempDirectory("fleetway-it");
        Map<String, String> env = Map.of("FLEETWAY_CONFIG_DIR", dir.toString());
        CliResult unknown = PackagedApp.run(env, dir, "upgrade", "--nope");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("error: Unknown option: '--nope'").doesNotContain("\tat ");

        CliResult malformed = PackagedApp.run(env, dir, "install", "postgresql://u:hunter2@/x");
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).contains("malformed connection string").doesNotContain("hunter2", "\tat ");

        CliResult unconfigured = PackagedApp.run(env, dir, "status");
        assertThat(unconfigured.exitCode()).isEqualTo(2);
        assertThat(unconfigured.err()).contains("no default database configured");

        CliResult help = PackagedApp.run(env, dir, "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("install", "upgrade", "status", "validate", "repair", "baseline", "grant",
                "Exit codes");
        CliResult version = PackagedApp.run(env, dir, "--version");
        assertThat(version.out()).startsWith("fleetway ");
    }

    @Test
    void logLinesAreJsonWhenAskedFor() throws Exception {
        Path dir = Files.createTempDirectory("fleetway-it");
        int closed;
        try (var socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        CliResult r = PackagedApp.run(Map.of("FLEETWAY_CONFIG_DIR", dir.toString(), "FLEETWAY_LOG_FORMAT", "json",
                "DATABASE_URL", "postgresql://u:pw@127.0.0.1:" + closed + "/db"), dir, "status", "--connect-timeout", "7s");
        assertThat(r.exitCode()).isEqualTo(3);
        List<String> logs = r.err().lines().filter(l -> !l.startsWith("error: ")).toList();
        assertThat(logs).isNotEmpty();
        for (String line : logs) {
            JsonNode record = JSON.readTree(line);
            assertThat(record.get("level").asText()).isNotEmpty();
            assertThat(record.get("message").asText()).isNotEmpty();
        }
        // a wait over 5 s is said (once here), a shorter one stays quiet
        assertThat(r.err()).contains("not reachable yet").doesNotContain(":pw@");
    }

    @Test
    void twoRunsAtOnceDoNotCollideBecauseCommandsOpenNoPort() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Map<String, String> env = deploymentEnv(db);
            List<PackagedApp.Running> runs = List.of(PackagedApp.start(env, db.workDir, "upgrade"),
                    PackagedApp.start(env, db.workDir, "upgrade"));
            for (PackagedApp.Running run : runs) {
                CliResult r = run.await(120);
                assertThat(r.exitCode()).as(r.toString()).isZero();
                assertThat(r.err()).doesNotContain("Listening on", "Port");
            }
            assertThat(db.query("SELECT count(*) FROM flyway_schema_history")).containsExactly("10");
        }
    }
}
