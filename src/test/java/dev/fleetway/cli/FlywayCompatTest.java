package dev.fleetway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;

import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.TestDatabase;
import dev.fleetway.testing.TestFleet;

/** What Flyway projects rely on: SQL callbacks, placeholders per target, and down scripts outside a transaction. */
class FlywayCompatTest {

    private static void write(Path dir, String file, String sql) throws Exception {
        Files.writeString(dir.resolve(file), sql);
    }

    @Test
    void sqlCallbacksFireInFlywaysOrderAlsoOnANoOpUpgradeAndTheDryRunShowsThem() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Path m = db.migrations;
            write(m, "beforeMigrate.sql", "CREATE TABLE IF NOT EXISTS cb_log (n serial, what text);"
                    + " INSERT INTO cb_log (what) VALUES ('beforeMigrate');");
            write(m, "beforeEachMigrate.sql", "INSERT INTO cb_log (what) VALUES ('beforeEach');");
            write(m, "afterEachMigrate.sql", "INSERT INTO cb_log (what) VALUES ('afterEach');");
            write(m, "beforeRepeatables.sql", "INSERT INTO cb_log (what) VALUES ('beforeRepeatables');");
            write(m, "afterMigrate__stamp.sql", "INSERT INTO cb_log (what) VALUES ('afterMigrate in ${flyway:defaultSchema}');");
            CliResult dry = db.fleetway("upgrade", "--dry-run");
            assertThat(dry.out()).contains("-- callback afterMigrate__stamp.sql (on afterMigrate)",
                    "'afterMigrate in public'", "-- callback beforeEachMigrate.sql (on beforeEachMigrate)");
            CliResult first = db.fleetway("upgrade");
            assertThat(first.exitCode()).as(first.toString()).isZero();
            List<String> log = db.query("SELECT what FROM cb_log ORDER BY n");
            assertThat(log.get(0)).isEqualTo("beforeMigrate");
            assertThat(log.get(1)).isEqualTo("beforeEach");
            assertThat(log.get(2)).isEqualTo("afterEach");
            assertThat(log.stream().filter("beforeEach"::equals)).as("one per migration").hasSize(10);
            assertThat(log).containsSubsequence("beforeEach", "afterEach", "beforeRepeatables", "beforeEach",
                    "afterEach", "afterMigrate in public");
            assertThat(log.get(log.size() - 1)).isEqualTo("afterMigrate in public");

            CliResult noOp = db.fleetway("upgrade");
            assertThat(noOp.exitCode()).as(noOp.toString()).isZero();
            assertThat(noOp.out()).contains("already current at version 9");
            List<String> after = db.query("SELECT what FROM cb_log ORDER BY n");
            assertThat(after.subList(log.size(), after.size())).as("Flyway runs them even when nothing is pending")
                    .containsExactly("beforeMigrate", "afterMigrate in public");
        }
    }

    @Test
    void eachTargetGetsItsOwnPlaceholderValuesByPrecedence() throws Exception {
        try (TestFleet fleet = new TestFleet(2, 1)) {
            write(fleet.migrations, "V10__who.sql", "CREATE TABLE who (tenant text, schema_name text, tier text,"
                    + " region text, db text);\nINSERT INTO who VALUES ('${fleetway:tenant}', '${fleetway:schema}',"
                    + " '${tier}', '${region}', '${flyway:database}');\n");
            write(fleet.migrations, "U10__who.sql", "DROP TABLE who; -- ${fleetway:tenant} ${flyway:defaultSchema}\n");
            Files.writeString(fleet.workDir.resolve("config/application.yaml"),
                    Files.readString(fleet.workDir.resolve("config/application.yaml"))
                            .replace("db0: {", "db0: {placeholders: {tier: gold}, ")
                            + "  placeholders: {tier: bronze, region: eu}\n"
                            + "  tenant-defaults: {placeholders: {tier: silver}}\n");
            CliResult up = fleet.fleetway("upgrade", "--all");
            assertThat(up.exitCode()).as(up.toString()).isZero();
            assertThat(fleet.queryTenant("db0", "SELECT tenant || ' ' || schema_name || ' ' || tier || ' ' || region"
                    + " || ' ' || (db = current_database()) FROM who")).containsExactly("db0 public gold eu true");
            assertThat(fleet.queryTenant("db1", "SELECT tenant || ' ' || tier FROM who")).containsExactly("db1 silver");
            assertThat(fleet.queryTenant("sc0", "SELECT tenant || ' ' || schema_name || ' ' || tier FROM who"))
                    .containsExactly("sc0 " + fleet.tenantSchema.get("sc0") + " silver");
            try (Connection c = java.sql.DriverManager.getConnection(dev.fleetway.testing.TestPostgres.get()
                    .jdbcUrl(fleet.defaultDb), fleet.owner, fleet.ownerPassword);
                    Statement s = c.createStatement(); var rs = s.executeQuery("SELECT tenant || ' ' || tier FROM who")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("default bronze");
            }
            CliResult dry = fleet.fleetway("revert", "--tenant", "sc0", "--dry-run");
            assertThat(dry.out()).contains("DROP TABLE who; -- sc0 " + fleet.tenantSchema.get("sc0"));
        }
    }

    @Test
    void aNonTransactionalDownScriptRevertsWhileABlockerOutlivesTheLockTimeoutAndAFailingOneIsRecordedAndRepaired()
            throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Path m = db.migrations;
            write(m, "V10__name_idx.sql", "CREATE INDEX CONCURRENTLY accounts_name_idx ON accounts (name);");
            write(m, "V10__name_idx.sql.conf", "executeInTransaction=false\n");
            write(m, "U10__name_idx.sql", "DROP INDEX CONCURRENTLY accounts_name_idx;");
            write(m, "U10__name_idx.sql.conf", "executeInTransaction=false\n");
            assertThat(db.fleetway("upgrade").exitCode()).isZero();

            Map<String, String> env = new HashMap<>(db.env());
            env.put("FLEETWAY_LOCK_TIMEOUT", "1s");
            env.put("FLEETWAY_LOCK_RETRIES", "0");
            Connection blocker = db.connectAsOwner();
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement()) {
                s.execute("LOCK TABLE accounts IN ROW EXCLUSIVE MODE");
            }
            CompletableFuture<CliResult> revert = CompletableFuture.supplyAsync(() -> db.fleetwayWith(env, "revert"));
            Thread.sleep(2_500);
            assertThat(revert).as("the concurrent drop waits for the open transaction").isNotDone();
            blocker.commit();
            blocker.close();
            CliResult r = revert.get(60, TimeUnit.SECONDS);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(db.query("SELECT count(*) FROM pg_indexes WHERE indexname = 'accounts_name_idx'"))
                    .containsExactly("0");
            assertThat(db.query("SELECT count(*) FROM flyway_schema_history WHERE version = '10'")).containsExactly("0");

            // A down script that fails outside a transaction is recorded; status shows it, repair clears it.
            assertThat(db.fleetway("upgrade").exitCode()).isZero();
            write(m, "U10__name_idx.sql", "DROP INDEX CONCURRENTLY accounts_name_idx;\nDROP INDEX CONCURRENTLY no_such_idx;");
            CliResult failed = db.fleetway("revert");
            assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
            assertThat(failed.err()).contains("U10__name_idx.sql failed at line 2", "outside a transaction",
                    "fleetway repair").hasLineCount(1);
            CliResult status = db.fleetway("status");
            assertThat(status.out()).contains("| revert     | present | failed", "0 checksum mismatch");
            assertThat(db.fleetway("validate").exitCode()).isEqualTo(1);

            // Plain Flyway still reads the table: it sees a failed migration of version 10.
            Flyway plain = Flyway.configure().dataSource(db.jdbcUrl(), db.owner, db.ownerPassword)
                    .locations("filesystem:" + m).ignoreMigrationPatterns("*:missing").load();
            MigrationInfo[] all = plain.info().all();
            assertThat(all).anyMatch(i -> "U10__name_idx.sql".equals(i.getScript()) && i.getState().isFailed());
            assertThat(plain.validateWithResult().validationSuccessful).isFalse();

            write(m, "U10__name_idx.sql", "DROP INDEX CONCURRENTLY IF EXISTS accounts_name_idx;");
            assertThat(db.fleetway("repair").exitCode()).isZero();
            CliResult again = db.fleetway("revert");
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(db.query("SELECT count(*) FROM flyway_schema_history WHERE version = '10'")).containsExactly("0");
        }
    }
}
