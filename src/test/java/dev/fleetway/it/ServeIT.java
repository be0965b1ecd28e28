package dev.fleetway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.PackagedApp;
import dev.fleetway.testing.TestFleet;
import dev.fleetway.testing.TestPostgres;

/** {@code fleetway serve} as Kubernetes runs it: auto-migration, honest probes, the API, metrics, SIGTERM. */
class ServeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> bodies = new ArrayList<>();

    private record Reply(int status, String body) {
    }

    private Reply get(int port, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        bodies.add(r.body());
        return new Reply(r.statusCode(), r.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void probesTellTheTruthAroundASlowAutoMigrationAndTheApiMatchesTheAudit() throws Exception {
        try (TestFleet fleet = new TestFleet(2, 1)) {
            Files.writeString(fleet.migrations.resolve("V10__slow_backfill.sql"), "SELECT pg_sleep(4);\n");
            int port = freePort();
            Map<String, String> env = new HashMap<>(fleet.env());
            env.put("FLEETWAY_LOCATIONS", "filesystem:" + fleet.migrations);
            env.put("FLEETWAY_AUTO_MIGRATE", "true");
            env.put("FLEETWAY_HTTP_TOKEN", "tok-" + port);
            env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
            Path log = fleet.workDir.resolve("serve.log");
            Process serve = startServe(env, fleet, log);
            try {
                awaitStatus(port, "/q/health/live", 200);
                Reply notReady = get(port, "/q/health/ready", null);
                long setUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (notReady.body().contains("\"starting\"")) { // serve has not set the fleet up yet
                    assertThat(System.nanoTime()).as("serve never set the fleet up").isLessThan(setUp);
                    Thread.sleep(100);
                    notReady = get(port, "/q/health/ready", null);
                }
                assertThat(notReady.status()).as(notReady.body()).isEqualTo(503);
                assertThat(notReady.body()).contains("auto-migration running");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                int ready = 503;
                while (ready != 200 && System.nanoTime() < deadline) {
                    assertThat(get(port, "/q/health/live", null).status()).isEqualTo(200);
                    ready = get(port, "/q/health/ready", null).status();
                    Thread.sleep(300);
                }
                assertThat(ready).isEqualTo(200);

                String token = "tok-" + port;
                assertThat(get(port, "/api/v1/migrations", null).status()).isEqualTo(401);
                Reply checkUp = get(port, "/api/v1/health/check_up", null); // open, like the probes
                assertThat(checkUp.status()).as(checkUp.body()).isEqualTo(200);
                assertThat(JSON.readTree(checkUp.body()).get("components")).hasSize(4);

                Reply api = get(port, "/api/v1/migrations", token);
                CliResult audit = PackagedApp.run(env, fleet.workDir, "audit", "--format", "json");
                assertThat(withoutTimestamp(api.body())).isEqualTo(withoutTimestamp(audit.out()));
                assertThat(get(port, "/api/v1/migrations/db1", token).status()).isEqualTo(200);
                assertThat(get(port, "/api/v1/migrations/nobody", token).status()).isEqualTo(404);

                Reply metrics = get(port, "/q/metrics", null);
                assertThat(metrics.body()).contains("fleetway_migrations_applied_total{kind=\"tenant\"} 33.0",
                        "fleetway_migrations_applied_total{kind=\"default\"} 11.0",
                        "fleetway_migration_duration_seconds_count", "fleetway_last_run_timestamp_seconds",
                        "fleetway_pending_migrations{target=\"db0\"} 0.0");

                TestPostgres.get().dropDatabase(fleet.tenantDatabase.get("db1"));
                // Requests share an audit at most 2 s old: the drop shows within a few seconds.
                long seen = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                Reply broken = get(port, "/api/v1/health/check_up", token);
                while (broken.status() != 503 && System.nanoTime() < seen) {
                    Thread.sleep(300);
                    broken = get(port, "/api/v1/health/check_up", token);
                }
                assertThat(broken.status()).isEqualTo(503);
                assertThat(get(port, "/q/health/ready", null).status())
                        .as("one tenant down does not make serve unready").isEqualTo(200);
                JsonNode db1 = null;
                for (JsonNode c : JSON.readTree(broken.body()).get("components")) {
                    if (c.get("target").asText().equals("db1")) {
                        db1 = c;
                    }
                }
                assertThat(db1.get("reachable").asBoolean()).isFalse();
                assertThat(db1.get("error").asText()).contains("does not exist");
                assertThat(broken.body().split("\"reachable\":false", -1)).hasSize(2);
            } finally {
                serve.destroy(); // SIGTERM
                assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as("serve exits on SIGTERM").isTrue();
            }
            String everything = String.join("\n", bodies) + Files.readString(log);
            assertThat(everything).doesNotContain(fleet.ownerPassword);
        }
    }

    @Test
    void aFailedAutoMigrationKeepsReadinessDownWithTheReasonInsteadOfCrashLooping() throws Exception {
        try (TestFleet fleet = new TestFleet(1, 0)) {
            Files.writeString(fleet.migrations.resolve("V10__broken.sql"), "SELEC 1;\n");
            int port = freePort();
            Map<String, String> env = new HashMap<>(fleet.env());
            env.put("FLEETWAY_AUTO_MIGRATE", "true");
            env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
            Process serve = startServe(env, fleet, fleet.workDir.resolve("serve.log"));
            try {
                awaitStatus(port, "/q/health/live", 200);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                Reply ready = get(port, "/q/health/ready", null);
                while (!ready.body().contains("failed") && System.nanoTime() < deadline) {
                    Thread.sleep(300);
                    ready = get(port, "/q/health/ready", null);
                }
                assertThat(ready.status()).isEqualTo(503);
                assertThat(ready.body()).contains("V10__broken.sql");
                assertThat(serve.isAlive()).isTrue();
                assertThat(get(port, "/q/health/live", null).status()).isEqualTo(200);
            } finally {
                serve.destroy();
                serve.waitFor(30, TimeUnit.SECONDS);
            }
            env.put("FLEETWAY_AUTO_MIGRATE_EXIT_ON_FAILURE", "true");
            env.put("QUARKUS_HTTP_PORT", String.valueOf(freePort()));
            Process exiting = startServe(env, fleet, fleet.workDir.resolve("serve2.log"));
            assertThat(exiting.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(exiting.exitValue()).isEqualTo(1);
        }
    }

    @Test
    void sigtermDuringAnAutoMigrationEndsTheProcessInTimeAndALaterStartContinuesCleanly() throws Exception {
        try (TestFleet fleet = new TestFleet(1, 0)) {
            Files.writeString(fleet.migrations.resolve("V10__slow_backfill.sql"),
                    "CREATE TABLE backfill (id int);\nSELECT pg_sleep(60);\n");
            Map<String, String> env = new HashMap<>(fleet.env());
            env.put("FLEETWAY_AUTO_MIGRATE", "true");
            env.put("FLEETWAY_SHUTDOWN_GRACE", "2s");
            env.put("QUARKUS_HTTP_PORT", String.valueOf(freePort()));
            Process serve = startServe(env, fleet, fleet.workDir.resolve("serve.log"));
            // The default database is migrated before the tenants, so the slow migration runs there first.
            String db = fleet.defaultDb;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (count(db, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%'"
                    + " AND application_name = 'fleetway' AND datname = current_database()") == 0) {
                assertThat(System.nanoTime()).as("the slow migration never started").isLessThan(deadline);
                Thread.sleep(200);
            }
            long start = System.nanoTime();
            serve.destroy(); // SIGTERM
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(15);
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (count(db, "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
                    + " WHERE l.locktype = 'advisory' AND d.datname = current_database()") > 0) {
                assertThat(System.nanoTime()).as("the lock outlived the process").isLessThan(deadline);
                Thread.sleep(200);
            }
            assertThat(count(db, "SELECT count(*) FROM flyway_schema_history WHERE version = '10'")).isZero();
            assertThat(count(db, "SELECT count(*) FROM pg_tables WHERE tablename = 'backfill'"))
                    .as("the interrupted migration was rolled back").isZero();
            assertThat(count(fleet.tenantDatabase.get("db0"), "SELECT count(*) FROM pg_tables"
                    + " WHERE tablename = 'backfill'")).as("the tenant waits for the default database").isZero();

            Files.writeString(fleet.migrations.resolve("V10__slow_backfill.sql"),
                    "CREATE TABLE backfill (id int);\nSELECT pg_sleep(1);\n");
            env.put("QUARKUS_HTTP_PORT", String.valueOf(freePort()));
            Process again = startServe(env, fleet, fleet.workDir.resolve("serve2.log"));
            try {
                int port = Integer.parseInt(env.get("QUARKUS_HTTP_PORT"));
                awaitStatus(port, "/q/health/ready", 200);
            } finally {
                again.destroy();
                again.waitFor(30, TimeUnit.SECONDS);
            }
            assertThat(fleet.queryTenant("db0", "SELECT count(*) FROM flyway_schema_history WHERE version = '10'"
                    + " AND success")).containsExactly("1");
            assertThat(count(db, "SELECT count(*) FROM flyway_schema_history WHERE version = '10' AND success"))
                    .isEqualTo(1);
        }
    }

    private static int count(String database, String sql) throws Exception {
        try (var c = TestPostgres.get().admin(database); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void theEntrypointStartsTheAppOnlyAfterASuccessfulMigration() throws Exception {
        try (TestFleet fleet = new TestFleet(1, 0)) {
            Path fleetwayCmd = fleet.workDir.resolve("fleetway");
            Files.writeString(fleetwayCmd, "#!/bin/sh\nexec " + String.join(" ", PackagedApp.command())
                    + " \"$@\" --migrations " + fleet.migrations + "\n");
            fleetwayCmd.toFile().setExecutable(true);
            Map<String, String> env = new HashMap<>(fleet.env());
            env.put("FLEETWAY_AUTO_MIGRATE", "true");
            env.put("FLEETWAY_BIN", fleetwayCmd.toString());
            Path script = Path.of("docker/entrypoint.sh").toAbsolutePath();
            CliResult good = run(env, fleet.workDir, "sh", script.toString(), "sh", "-c", "echo app-started");
            assertThat(good.exitCode()).as(good.toString()).isZero();
            assertThat(good.out()).contains("app-started");

            Files.writeString(fleet.migrations.resolve("V10__broken.sql"), "SELEC 1;\n");
            CliResult bad = run(env, fleet.workDir, "sh", script.toString(), "sh", "-c", "echo app-started");
            assertThat(bad.exitCode()).isEqualTo(1);
            assertThat(bad.out()).doesNotContain("app-started");
            assertThat(bad.err()).contains("not starting the application");
        }
    }

    private static CliResult run(Map<String, String> env, Path dir, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().putAll(env);
        return PackagedApp.finish(pb.start(), String.join(" ", cmd));
    }

    private static Process startServe(Map<String, String> env, TestFleet fleet, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(PackagedApp.command());
        cmd.add("serve");
        if (!env.containsKey("FLEETWAY_LOCATIONS")) {
            cmd.add("--migrations");
            cmd.add(fleet.migrations.toString());
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(fleet.workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    private void awaitStatus(int port, String path, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                if (get(port, path, null).status() == status) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " never answered " + status);
    }

    private static JsonNode withoutTimestamp(String json) throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(json);
        node.remove("generatedAt");
        return node;
    }
}
