package dev.fleetway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.TestDatabase;
import dev.fleetway.testing.TestPostgres;

/** The read-only monitor user, tenants files that say a tenant twice, and a connection lost mid-migration. */
class MonitorAndFailurePathsTest {
    private final TestPostgres pg = TestPostgres.get();

    @Test
    void theMonitorUserIsGrantedReadAccessAndAloneRunsTheReadOnlyCommandsButNoChange() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            String password = "mon-" + UUID.randomUUID();
            String monitor = pg.createRole("fw_monitor", password, true);
            try {
                pg.execute(db.name, "REVOKE CONNECT ON DATABASE " + db.name + " FROM PUBLIC");
                Map<String, String> both = new HashMap<>(db.env());
                both.put("FLEETWAY_DEFAULT_MONITOR_USER_USERNAME", monitor);
                both.put("FLEETWAY_DEFAULT_MONITOR_USER_PASSWORD", password);
                CliResult upgrade = db.fleetwayWith(both, "upgrade");
                assertThat(upgrade.exitCode()).as(upgrade.toString()).isZero();
                CliResult grant = db.fleetwayWith(both, "grant");
                assertThat(grant.out()).contains("granted monitor user '" + monitor + "' read access");

                Map<String, String> monitorOnly = new HashMap<>(both);
                monitorOnly.remove("DB__USER");
                monitorOnly.remove("DB__PASSWORD");
                for (String command : new String[] { "status", "audit", "validate" }) {
                    CliResult r = db.fleetwayWith(monitorOnly, command);
                    assertThat(r.exitCode()).as(command + ": " + r).isZero();
                }
                assertThat(db.fleetwayWith(monitorOnly, "status").out()).contains("current version 9");
                CliResult change = db.fleetwayWith(monitorOnly, "upgrade");
                assertThat(change.exitCode()).isEqualTo(2);
                assertThat(change.err()).contains("no migration user is configured, only a monitor user");
                try (Connection c = java.sql.DriverManager.getConnection(db.jdbcUrl(), monitor, password);
                        Statement s = c.createStatement()) {
                    assertThat(s.executeUpdate("DELETE FROM flyway_schema_history WHERE false")).isZero();
                } catch (java.sql.SQLException e) {
                    assertThat(e.getMessage()).contains("permission denied");
                }
            } finally {
                pg.execute(db.name, "DROP OWNED BY " + monitor);
                pg.dropRole(monitor);
            }
        }
    }

    @Test
    void aTenantDeclaredTwiceInOneTenantsFileIsRefusedNamingBothLines() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Files.writeString(db.workDir.resolve("tenants.yaml"), "tenants:\n  acme: {schema: a}\n"
                    + "  globex: {schema: g}\n  acme: {schema: b}\n");
            Map<String, String> env = new HashMap<>(db.env());
            env.put("FLEETWAY_TENANTS_FILE", db.workDir.resolve("tenants.yaml").toString());
            CliResult r = db.fleetwayWith(env, "upgrade", "--all");
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("tenants file", "'acme' is given twice", "at line 2 and at line 4")
                    .hasLineCount(1);
            assertThat(db.query("SELECT count(*) FROM pg_namespace WHERE nspname IN ('a', 'b')")).containsExactly("0");
        }
    }

    @Test
    void aConnectionLostDuringATransactionalMigrationIsOneTrueErrorWithExit3AndNoTrace() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("upgrade").exitCode()).isZero();
            db.writeMigration("V10__slow.sql", "CREATE TABLE slow (id int);\nSELECT pg_sleep(30);\n");
            CompletableFuture<CliResult> run = CompletableFuture.supplyAsync(() -> db.fleetway("upgrade"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int terminated = 0;
            while (terminated == 0) {
                assertThat(System.nanoTime()).as("the slow migration never started").isLessThan(deadline);
                Thread.sleep(200);
                try (Connection admin = pg.admin(db.name); Statement s = admin.createStatement();
                        var rs = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                + " WHERE application_name = 'fleetway' AND query LIKE '%pg_sleep(30)%'")) {
                    rs.next();
                    terminated = rs.getInt(1);
                }
            }
            CliResult r = run.get(60, TimeUnit.SECONDS);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            assertThat(r.err()).contains("lost the connection to the database while applying V10__slow.sql",
                    "rolled it back").hasLineCount(1).doesNotContain("\tat ", "Exception");
            assertThat(db.query("SELECT count(*) FROM flyway_schema_history WHERE version = '10'")).containsExactly("0");
            assertThat(db.query("SELECT count(*) FROM pg_tables WHERE tablename = 'slow'")).containsExactly("0");
        }
    }
}
