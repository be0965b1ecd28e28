package dev.fleetway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.TestDatabase;

/** DDL that never queues forever: lock_timeout, retries, and non-transactional index builds. */
class LockSafetyTest {

    private static Map<String, String> impatient(TestDatabase db) {
        Map<String, String> env = new HashMap<>(db.env());
        env.put("FLEETWAY_LOCK_TIMEOUT", "1s");
        env.put("FLEETWAY_LOCK_RETRIES", "2");
        return env;
    }

    private static Connection blocker(TestDatabase db) throws Exception {
        Connection c = db.connectAsOwner();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET application_name = 'blocker-app'");
            s.execute("SELECT count(*) FROM accounts"); // holds ACCESS SHARE until the transaction ends
        }
        return c;
    }

    @Test
    void aMigrationBlockedByAnOpenTransactionFailsAfterItsRetriesNamingTheBlocker() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("upgrade").exitCode()).isZero();
            db.writeMigration("V10__add_account_note.sql", "ALTER TABLE accounts ADD COLUMN note text;");
            try (Connection blocker = blocker(db)) {
                long start = System.nanoTime();
                CliResult r = db.fleetwayWith(impatient(db), "upgrade");
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
                assertThat(r.err()).contains("V10__add_account_note.sql", "lock_timeout 1000 ms", "3 attempt(s)",
                        "blocker-app", "SELECT count(*) FROM accounts", "pid ");
                assertThat(seconds).isBetween(4L, 20L); // 3 waits of 1 s plus backoff of 1 s and 2 s
                blocker.rollback();
            }
            assertThat(db.query("SELECT count(*) FROM flyway_schema_history WHERE version = '10'"))
                    .as("a lock timeout is not recorded as a failure").containsExactly("0");
            assertThat(db.fleetwayWith(impatient(db), "upgrade").exitCode()).isZero();
        }
    }

    @Test
    void aMigrationWhoseBlockerGoesAwayDuringTheRetriesSucceeds() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("upgrade").exitCode()).isZero();
            db.writeMigration("V10__add_account_note.sql", "ALTER TABLE accounts ADD COLUMN note text;");
            Connection blocker = blocker(db);
            CompletableFuture<CliResult> run = CompletableFuture.supplyAsync(
                    () -> db.fleetwayWith(impatient(db), "upgrade"));
            Thread.sleep(1_500);
            blocker.commit();
            blocker.close();
            CliResult r = run.get(60, TimeUnit.SECONDS);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(db.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'accounts'"
                    + " AND column_name = 'note'")).containsExactly("note");
        }
    }

    @Test
    void aNonTransactionalConcurrentIndexBuildAppliesWhileAnotherRunnerWaits() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("upgrade").exitCode()).isZero();
            db.writeMigration("V10__index_account_names.sql", "-- fleetway:non-transactional\n"
                    + "SELECT pg_sleep(2);\nCREATE INDEX CONCURRENTLY accounts_name_idx ON accounts (name);\n");
            CompletableFuture<CliResult> first = CompletableFuture.supplyAsync(() -> db.fleetway("upgrade"));
            Thread.sleep(700);
            CompletableFuture<CliResult> second = CompletableFuture.supplyAsync(() -> db.fleetway("upgrade"));
            CliResult a = first.get(60, TimeUnit.SECONDS);
            CliResult b = second.get(60, TimeUnit.SECONDS);
            assertThat(a.exitCode()).as(a.toString()).isZero();
            assertThat(b.exitCode()).as(b.toString()).isZero();
            assertThat(a.out() + b.out()).contains("applied 1 migration(s)", "already current at version 10");
            assertThat(db.query("SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                    + " WHERE c.relname = 'accounts_name_idx'")).containsExactly("t");
            assertThat(db.query("SELECT count(*) FROM flyway_schema_history WHERE version = '10' AND success"))
                    .containsExactly("1");
        }
    }

    @Test
    void theNonTransactionalMarkerWithAReasonRunsWithoutLockTimeoutSoABlockedIndexBuildWaitsAndSucceeds()
            throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("upgrade").exitCode()).isZero();
            db.writeMigration("V10__index_account_ids.sql", "-- fleetway:non-transactional (index build)\n"
                    + "CREATE INDEX CONCURRENTLY acc_ids_idx ON accounts (id);\n");
            Map<String, String> env = new HashMap<>(db.env());
            env.put("FLEETWAY_LOCK_TIMEOUT", "1s");
            env.put("FLEETWAY_LOCK_RETRIES", "0");
            // A transaction holding ROW EXCLUSIVE on the table for longer than the lock timeout: the concurrent
            // build waits for it; under lock_timeout it would be cancelled and leave an INVALID index.
            Connection blocker = db.connectAsOwner();
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement()) {
                s.execute("LOCK TABLE accounts IN ROW EXCLUSIVE MODE");
            }
            CompletableFuture<CliResult> run = CompletableFuture.supplyAsync(() -> db.fleetwayWith(env, "upgrade"));
            Thread.sleep(3_000);
            assertThat(run).as("the index build waits for the open transaction").isNotDone();
            blocker.commit();
            blocker.close();
            CliResult r = run.get(60, TimeUnit.SECONDS);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(db.query("SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                    + " WHERE c.relname = 'acc_ids_idx'")).containsExactly("t");
        }
    }

    @Test
    void upgradeWithLintRefusesPendingMigrationsWithErrorsBeforeChangingAnything() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("upgrade").exitCode()).isZero();
            db.writeMigration("V10__drop_audit_details.sql", "ALTER TABLE audit_log DROP COLUMN details;");
            CliResult refused = db.fleetway("upgrade", "--lint");
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
            assertThat(refused.err()).contains("V10__drop_audit_details.sql:1", "[drop-column]",
                    "fleetway:allow drop-column");
            Map<String, String> env = new HashMap<>(db.env());
            env.put("FLEETWAY_LINT_ON_APPLY", "true");
            assertThat(db.fleetwayWith(env, "upgrade").exitCode()).isEqualTo(4);
            assertThat(db.query("SELECT count(*) FROM information_schema.columns WHERE table_name = 'audit_log'"
                    + " AND column_name = 'details'")).containsExactly("1");

            db.writeMigration("V10__drop_audit_details.sql", "-- fleetway:allow drop-column nothing reads it since 2.3\n"
                    + "ALTER TABLE audit_log DROP COLUMN details;");
            CliResult allowed = db.fleetway("upgrade", "--lint");
            assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
        }
    }

    @Test
    void lintChecksPendingFilesByDefaultEveryFileOnRequestAndGivenFiles() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            CliResult all = db.fleetway("lint", "--all-files");
            assertThat(all.exitCode()).as(all.toString()).isZero();
            assertThat(all.out()).contains("0 errors");
            assertThat(db.fleetway("upgrade").exitCode()).isZero();
            CliResult none = db.fleetway("lint");
            assertThat(none.out()).contains("0 file(s) checked");

            db.writeMigration("V10__rename.sql", "ALTER TABLE projects RENAME COLUMN name TO title;");
            CliResult pending = db.fleetway("lint", "--format", "json");
            assertThat(pending.exitCode()).as(pending.toString()).isEqualTo(4);
            assertThat(pending.out()).contains("\"rename-column\"", "V10__rename.sql");
            CliResult file = db.fleetway("lint", db.migrations.resolve("V10__rename.sql").toString());
            assertThat(file.exitCode()).isEqualTo(4);
            assertThat(file.out()).contains("V10__rename.sql:1: error [rename-column]");
        }
    }
}
