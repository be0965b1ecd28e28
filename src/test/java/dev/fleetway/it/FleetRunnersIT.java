package dev.fleetway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.PackagedApp;
import dev.fleetway.testing.TestFleet;
import dev.fleetway.testing.TestPostgres;

/** Several packaged runners against one fleet, as several pods of a rollout would be. */
class FleetRunnersIT {

    private static List<String> withMigrations(TestFleet fleet, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--migrations");
        all.add(fleet.migrations.toString());
        return all;
    }

    @Test
    void sixRunnersStartedAtOnceApplyEveryMigrationExactlyOncePerTarget() throws Exception {
        try (TestFleet fleet = new TestFleet(3, 3)) {
            List<PackagedApp.Running> runners = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                runners.add(PackagedApp.start(fleet.env(), fleet.workDir,
                        withMigrations(fleet, "upgrade", "--all", "--parallel", "3").toArray(String[]::new)));
            }
            for (PackagedApp.Running runner : runners) {
                CliResult r = runner.await(180);
                assertThat(r.exitCode()).as(r.toString()).isZero();
            }
            for (String id : fleet.tenantIds) {
                assertThat(fleet.queryTenant(id, "SELECT count(*) - count(DISTINCT script) FROM flyway_schema_history"))
                        .as(id + " has no duplicate history rows").containsExactly("0");
                assertThat(fleet.queryTenant(id, "SELECT count(*) FROM flyway_schema_history WHERE success"
                        + " AND type = 'SQL'")).as(id).containsExactly("10");
            }
            CliResult plain = PackagedApp.run(fleet.env(), fleet.workDir,
                    withMigrations(fleet, "upgrade", "--all").toArray(String[]::new));
            assertThat(plain.err()).as("a plain run's two phases are not announced").doesNotContain(" of 2)");
            CliResult staged = PackagedApp.run(fleet.env(), fleet.workDir,
                    withMigrations(fleet, "upgrade", "--all", "--canary-count", "1").toArray(String[]::new));
            assertThat(staged.exitCode()).as(staged.toString()).isZero();
            assertThat(staged.err()).as("a staged rollout's waves are").contains("canary (2 of 3): 1 target(s)");
        }
    }

    @Test
    void aRunnerKilledDuringASlowMigrationLeavesNoLockAndARerunCompletes() throws Exception {
        try (TestFleet fleet = new TestFleet(1, 0)) {
            var env = fleet.env();
            assertThat(PackagedApp.run(env, fleet.workDir, withMigrations(fleet, "upgrade", "--tenant", "db0")
                    .toArray(String[]::new)).exitCode()).isZero();
            Files.writeString(fleet.migrations.resolve("V10__slow_backfill.sql"),
                    "CREATE TABLE backfill (id int);\nSELECT pg_sleep(60);\n");
            PackagedApp.Running runner = PackagedApp.start(env, fleet.workDir,
                    withMigrations(fleet, "upgrade", "--tenant", "db0").toArray(String[]::new));
            String db = fleet.tenantDatabase.get("db0");
            awaitCount(db, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%'"
                    + " AND application_name = 'fleetway'", 1, 60);
            runner.kill();
            // The server notices the dead client within client_connection_check_interval (2s) and rolls back.
            awaitCount(db, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'", 0, 30);
            assertThat(fleet.queryTenant("db0", "SELECT count(*) FROM flyway_schema_history WHERE version = '10'"))
                    .containsExactly("0");

            Files.writeString(fleet.migrations.resolve("V10__slow_backfill.sql"),
                    "CREATE TABLE backfill (id int);\nSELECT pg_sleep(1);\n");
            var rerun = PackagedApp.run(env, fleet.workDir, withMigrations(fleet, "upgrade", "--tenant", "db0",
                    "--lock-wait", "5s").toArray(String[]::new));
            assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
            assertThat(fleet.queryTenant("db0", "SELECT count(*) FROM flyway_schema_history WHERE version = '10'"
                    + " AND success")).containsExactly("1");
        }
    }

    @Test
    void aTenantWhoseLockIsHeldElsewhereGivesExit5NamingTheHolder() throws Exception {
        try (TestFleet fleet = new TestFleet(1, 0)) {
            var env = fleet.env();
            String db = fleet.tenantDatabase.get("db0");
            try (Connection holder = DriverManager.getConnection(TestPostgres.get().jdbcUrl(db), fleet.owner,
                    fleet.ownerPassword); Statement s = holder.createStatement()) {
                s.execute("SET application_name = 'deploy-42'");
                byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                        .digest(("fleetway|" + db + "|public").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                s.execute("SELECT pg_advisory_lock(" + java.nio.ByteBuffer.wrap(digest).getLong() + ")");
                var r = PackagedApp.run(env, fleet.workDir, withMigrations(fleet, "upgrade", "--tenant", "db0",
                        "--lock-wait", "2s").toArray(String[]::new));
                assertThat(r.exitCode()).as(r.toString()).isEqualTo(5);
                assertThat(r.err()).contains("tenant 'db0'", "lock not acquired within 2s", "deploy-42", "pid");
            }
        }
    }

    private static void awaitCount(String db, String sql, int expected, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int last = -1;
        while (System.nanoTime() < deadline) {
            try (Connection c = TestPostgres.get().admin(db); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                last = rs.getInt(1);
                if (last == expected) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("waited " + seconds + "s for " + expected + " from: " + sql + " (last: " + last + ")");
    }
}
