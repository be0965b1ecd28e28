package dev.fleetway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.PackagedApp;
import dev.fleetway.testing.TestDatabase;
import dev.fleetway.testing.TestPostgres;

/**
 * Lock safety as an operator sees it from the packaged app: logged lock-timeout retries, and a concurrent
 * index build killed half-way (an INVALID index) found by the next run and rebuilt on request.
 */
class LockSafetyIT {

    private static String[] args(TestDatabase db, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--migrations");
        all.add(db.migrations.toString());
        return all.toArray(String[]::new);
    }

    @Test
    void aKilledConcurrentIndexBuildIsDetectedAndRepairedOnRequest() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(PackagedApp.run(db.env(), db.workDir, args(db, "upgrade")).exitCode()).isZero();
            Files.writeString(db.migrations.resolve("V10__index_account_names.sql"), "-- fleetway:non-transactional\n"
                    + "CREATE INDEX CONCURRENTLY accounts_name_idx ON accounts (name);\n");
            try (Connection open = db.connectAsOwner()) {
                open.setAutoCommit(false);
                try (Statement s = open.createStatement()) {
                    s.execute("SELECT count(*) FROM accounts"); // the build waits for this transaction to end
                }
                var env = new java.util.HashMap<>(db.env());
                env.put("FLEETWAY_LOCK_TIMEOUT", "60s");
                PackagedApp.Running runner = PackagedApp.start(env, db.workDir, args(db, "upgrade"));
                awaitInvalidIndex(db.name);
                runner.kill();
                // Keep the build waiting until the server has noticed its client is gone and cancelled it.
                awaitNoBuild(db.name);
                open.rollback();
            }
            CliResult refused = PackagedApp.run(db.env(), db.workDir, args(db, "upgrade"));
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
            assertThat(refused.err()).contains("INVALID index(es) accounts_name_idx", "--repair-invalid-indexes");

            CliResult repaired = PackagedApp.run(db.env(), db.workDir, args(db, "upgrade", "--repair-invalid-indexes"));
            assertThat(repaired.exitCode()).as(repaired.toString()).isZero();
            assertThat(repaired.err()).contains("dropping INVALID index accounts_name_idx");
            assertThat(db.query("SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                    + " WHERE c.relname = 'accounts_name_idx'")).containsExactly("t");
        }
    }

    @Test
    void eachLockTimeoutRetryIsLoggedWithTheBlockingSession() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(PackagedApp.run(db.env(), db.workDir, args(db, "upgrade")).exitCode()).isZero();
            Files.writeString(db.migrations.resolve("V10__add_account_note.sql"), "ALTER TABLE accounts ADD COLUMN note text;");
            var env = new java.util.HashMap<>(db.env());
            env.put("FLEETWAY_LOCK_TIMEOUT", "1s");
            env.put("FLEETWAY_LOCK_RETRIES", "2");
            try (Connection blocker = db.connectAsOwner()) {
                blocker.setAutoCommit(false);
                try (Statement s = blocker.createStatement()) {
                    s.execute("SET application_name = 'report-job'");
                    s.execute("SELECT count(*) FROM accounts");
                }
                CliResult r = PackagedApp.run(env, db.workDir, args(db, "upgrade"));
                assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
                assertThat(r.err().lines().filter(l -> l.contains("gave up waiting for a lock")))
                        .hasSize(2).allMatch(l -> l.contains("report-job"));
                assertThat(r.err()).contains("retry 1 of 2", "retry 2 of 2", "after 3 attempt(s)");
                blocker.rollback();
            }
        }
    }

    private static void awaitNoBuild(String database) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Connection c = TestPostgres.get().admin(database); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity"
                            + " WHERE query LIKE '%CREATE INDEX CONCURRENTLY%' AND pid <> pg_backend_pid()")) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the killed runner's index build is still running");
    }

    private static void awaitInvalidIndex(String database) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Connection c = TestPostgres.get().admin(database); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_index i JOIN pg_class c"
                            + " ON c.oid = i.indexrelid WHERE c.relname = 'accounts_name_idx' AND NOT i.indisvalid")) {
                rs.next();
                if (rs.getInt(1) == 1) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the concurrent index build never started");
    }
}
