package dev.fleetway.execute;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.jboss.logging.Logger;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.db.Sql;
import dev.fleetway.plan.LockInspector;
import dev.fleetway.source.MigrationFile;
import dev.fleetway.tenant.Target;

/**
 * Runs Flyway's migrate on a locked session so that DDL never queues forever: the session gets the policy's
 * {@code lock_timeout} and {@code statement_timeout}; a migration that gives up on the lock timeout is
 * rolled back by PostgreSQL and the run is retried with backoff (Flyway resumes at that migration), each
 * retry logged with the session that held the lock; after the last retry the target fails naming it.
 * Any other failure is final: a transactional migration is rolled back and recorded as failed
 * ({@link FailureRecord}); a non-transactional one is recorded by Flyway itself.
 */
final class MigrationRun {
    private static final Logger LOG = Logger.getLogger(MigrationRun.class);
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final ApplyPolicy policy;
    private final String historyTable;

    MigrationRun(ApplyPolicy policy, String historyTable) {
        this.policy = policy;
        this.historyTable = historyTable;
    }

    /**
     * Refuses (or, when the policy allows, repairs) what must not be migrated over: INVALID indexes left by
     * an interrupted concurrent build, and, with {@code --lint}, error-level findings in {@code pending}.
     * Runs before anything changes.
     */
    void checkBefore(TargetSession session, List<MigrationFile> pending) throws SQLException {
        Target target = session.target();
        applyTimeouts(session.connection()); // the index drops below must not queue forever either
        List<String> invalid = LockInspector.invalidIndexes(session.connection(), target.schema());
        if (!invalid.isEmpty() && !policy.repairInvalidIndexes()) {
            throw new FleetwayException(ExitCode.VALIDATION_FAILED, target.describe() + ": INVALID index(es) "
                    + String.join(", ", invalid) + " in schema '" + target.schema() + "', left by an interrupted"
                    + " CREATE INDEX CONCURRENTLY — rerun with --repair-invalid-indexes to drop and build them again");
        }
        if (!invalid.isEmpty()) {
            dropInvalidIndexes(session.connection(), target);
        }
        if (policy.lint()) {
            PendingLint.refuseErrors(target, pending, policy.lockTimeoutEnabled());
        }
    }

    /** Migrates everything pending with the session's own Flyway. */
    MigrateResult run(TargetSession session) throws SQLException {
        return run(session, session.flyway());
    }

    /** Migrates with {@code flyway} (bound to the session; possibly stopped at a target version). */
    MigrateResult run(TargetSession session, Flyway flyway) throws SQLException {
        Target target = session.target();
        applyTimeouts(session.connection());
        long backoff = policy.firstBackoff().toMillis();
        for (int attempt = 0;; attempt++) {
            try {
                MigrateResult result = flyway.migrate();
                LOG.debugf("%s: applied %d migration(s), now at version %s", target.describe(),
                        result.migrationsExecuted, result.targetSchemaVersion);
                return result;
            } catch (FlywayMigrateException e) {
                if (!LOCK_NOT_AVAILABLE.equals(e.getSqlState())) {
                    throw failed(session, e);
                }
                String script = e.getMigration() == null ? "a migration" : e.getMigration().getScript();
                List<String> blockers = LockInspector.blockers(session.connection(), target.schema());
                String heldBy = blockers.isEmpty() ? "a session that has since finished" : blockers.get(0);
                if (attempt >= policy.lockRetries() || !retryable(session, e)) {
                    String fix = e.isExecutableInTransaction()
                            ? "end that session or transaction, or run again when traffic is lower"
                                    + " (fleetway.lock-timeout, fleetway.lock-retries)"
                            : "it ran outside a transaction and is recorded as failed: run 'fleetway repair', then"
                                    + " 'fleetway upgrade --repair-invalid-indexes'";
                    throw new FleetwayException(ExitCode.MIGRATION_FAILED, target.describe() + ": " + script
                            + " could not get its lock within lock_timeout " + policy.lockTimeout().toMillis()
                            + " ms after " + (attempt + 1) + " attempt(s); held by " + heldBy + " — " + fix, e);
                }
                LOG.warnf("%s: %s gave up waiting for a lock after %d ms (held by %s); retry %d of %d in %d ms",
                        target.describe(), script, policy.lockTimeout().toMillis(), heldBy, attempt + 1,
                        policy.lockRetries(), backoff);
                sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            } catch (FlywayException e) {
                throw new FleetwayException(ExitCode.MIGRATION_FAILED, target.describe() + ": "
                        + Upgrader.firstLine(e.getMessage()), e);
            }
        }
    }

    /**
     * A transactional migration was rolled back, so it can simply run again. A non-transactional one (an
     * index built concurrently) may have left an INVALID index behind: it is retried only when the policy
     * allows dropping those first.
     */
    private boolean retryable(TargetSession session, FlywayMigrateException e) throws SQLException {
        if (e.isExecutableInTransaction()) {
            return true;
        }
        if (!policy.repairInvalidIndexes()) {
            return false;
        }
        dropInvalidIndexes(session.connection(), session.target());
        new Maintenance(historyTable).repair(session); // the failed row Flyway wrote for it
        return true;
    }

    /** Drops INVALID indexes of the target's schema (outside a transaction, without blocking writes). */
    static void dropInvalidIndexes(Connection c, Target target) throws SQLException {
        for (String index : LockInspector.invalidIndexes(c, target.schema())) {
            LOG.warnf("%s: dropping INVALID index %s so the migration builds it again", target.describe(), index);
            try (Statement s = c.createStatement()) {
                s.execute("DROP INDEX CONCURRENTLY IF EXISTS " + Sql.qualified(target.schema(), index));
            }
        }
    }

    private void applyTimeouts(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = '" + Math.max(0, policy.lockTimeout().toMillis()) + "ms'");
            s.execute("SET statement_timeout = '" + Math.max(0, policy.statementTimeout().toMillis()) + "ms'");
        }
    }

    private FleetwayException failed(TargetSession session, FlywayMigrateException e) throws SQLException {
        Target target = session.target();
        MigrationInfo failed = e.getMigration();
        if (e.isExecutableInTransaction() && failed != null) {
            FailureRecord.write(session.connection(), target, historyTable, failed);
        }
        int earlier = e.getErrorResult() == null || e.getErrorResult().migrations == null ? 0
                : (int) e.getErrorResult().migrations.stream().filter(m -> !Boolean.TRUE.equals(m.rolledBack))
                        .count();
        String script = failed == null ? "a migration" : failed.getScript();
        String line = e.getLineNumber() > 0 ? " at line " + e.getLineNumber() : "";
        String effect = e.isExecutableInTransaction()
                ? "it was rolled back" + (earlier > 0 ? " (" + earlier + " earlier migration(s) of this run stay"
                        + " applied)" : " and the database is as before")
                : "it ran outside a transaction and may be partly applied — check the schema (an interrupted"
                        + " CREATE INDEX CONCURRENTLY leaves an INVALID index: rerun with --repair-invalid-indexes)";
        return new FleetwayException(ExitCode.MIGRATION_FAILED, target.describe() + ": " + script + " failed" + line
                + ": " + Upgrader.sqlError(e) + "; " + effect + " — fix the file, then run 'fleetway repair' and"
                + " 'fleetway upgrade'", e);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetwayException(ExitCode.MIGRATION_FAILED, "interrupted while waiting to retry a migration");
        }
    }
}
