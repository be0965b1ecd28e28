package dev.fleetway.execute;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.internal.exception.FlywayMigrateException;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.db.SessionDataSource;
import dev.fleetway.plan.LockInspector;
import dev.fleetway.report.PlannedStep;
import dev.fleetway.report.UpgradeResult;
import dev.fleetway.source.MigrationFile;
import dev.fleetway.tenant.Target;

/**
 * Applies a chosen part of a target's pending migrations ({@code migrate --target/--count/--step}) through
 * Flyway, on the locked session the steps were planned on, then grants the app user. The caller has run
 * {@code plan.Preflight}; {@link Upgrader} remains the path for "everything pending". The same care as
 * {@code upgrade}: the policy's {@code lock_timeout}/{@code statement_timeout} with retries on a lock timeout,
 * {@code --lint}, INVALID-index refusal; a failing migration is rolled back and recorded as failed.
 */
public final class Applier {
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final String historyTable;
    private final ApplyPolicy policy;

    public Applier(String historyTable, ApplyPolicy policy) {
        this.historyTable = historyTable;
        this.policy = policy;
    }

    /**
     * Applies {@code steps}, a prefix of the target's pending steps as {@code plan.ApplyPlanner} orders them.
     *
     * @param currentVersion the version before, for the result
     * @throws FleetwayException exit 2 when the app user does not exist, exit 4 for a lint error or an INVALID
     *         index (all checked first), exit 1 when a migration fails
     */
    public UpgradeResult apply(TargetSession session, List<PlannedStep> steps, String currentVersion)
            throws SQLException {
        long start = System.nanoTime();
        Target target = session.target();
        Connection c = session.connection();
        Optional<String> app = target.appUser();
        if (app.isPresent()) {
            Grants.requireRole(c, target, app.get());
        }
        String after = currentVersion;
        List<String> applied = List.of();
        if (!steps.isEmpty()) {
            refuseUnsafe(session, steps);
            MigrateResult result = migrate(session, steps);
            applied = result.migrations.stream().map(m -> m.filepath.substring(m.filepath.lastIndexOf('/') + 1))
                    .toList();
            after = result.targetSchemaVersion != null ? result.targetSchemaVersion : after;
        }
        if (app.isPresent()) {
            Grants.apply(c, target, app.get(), historyTable);
        }
        return new UpgradeResult(target.id(), currentVersion, after, applied, app.orElse(null),
                (System.nanoTime() - start) / 1_000_000);
    }

    private void refuseUnsafe(TargetSession session, List<PlannedStep> steps) throws SQLException {
        Target target = session.target();
        List<String> invalid = LockInspector.invalidIndexes(session.connection(), target.schema());
        if (!invalid.isEmpty() && !policy.repairInvalidIndexes()) {
            throw new FleetwayException(ExitCode.VALIDATION_FAILED, target.describe() + ": INVALID index(es) "
                    + String.join(", ", invalid) + " in schema '" + target.schema() + "', left by an interrupted"
                    + " CREATE INDEX CONCURRENTLY — rerun with --repair-invalid-indexes to drop and build them again");
        }
        if (!invalid.isEmpty()) {
            MigrationRun.dropInvalidIndexes(session.connection(), target);
        }
        if (policy.lint()) {
            Set<String> scripts = steps.stream().map(PlannedStep::script).collect(Collectors.toSet());
            List<MigrationFile> files = session.flyways().source().files().stream()
                    .filter(f -> scripts.contains(f.filename())).toList();
            PendingLint.refuseErrors(target, files, policy.lockTimeoutEnabled());
        }
    }

    /** Flyway migrate bounded to the steps, retried after a lock timeout (Flyway resumes where it stopped). */
    private MigrateResult migrate(TargetSession session, List<PlannedStep> steps) throws SQLException {
        Target target = session.target();
        MigrationVersion upTo = steps.stream().filter(s -> !s.isRepeatable())
                .map(s -> MigrationVersion.fromVersion(s.version())).reduce((a, b) -> b)
                .orElse(MigrationVersion.LATEST);
        Set<String> repeatables = steps.stream().filter(PlannedStep::isRepeatable).map(PlannedStep::script)
                .collect(Collectors.toSet());
        Flyway flyway = session.flyways().create(target, new SessionDataSource(session.connection()), upTo,
                repeatables);
        try (Statement s = session.connection().createStatement()) {
            s.execute("SET lock_timeout = '" + Math.max(0, policy.lockTimeout().toMillis()) + "ms'");
            s.execute("SET statement_timeout = '" + Math.max(0, policy.statementTimeout().toMillis()) + "ms'");
        }
        long backoff = policy.firstBackoff().toMillis();
        for (int attempt = 0;; attempt++) {
            try {
                return flyway.migrate();
            } catch (FlywayMigrateException e) {
                boolean lock = LOCK_NOT_AVAILABLE.equals(e.getSqlState()) && e.isExecutableInTransaction();
                if (!lock || attempt >= policy.lockRetries()) {
                    throw failed(session, e);
                }
                sleep(backoff);
                backoff = Math.min(backoff * 2, 30_000);
            } catch (FlywayException e) {
                throw new FleetwayException(ExitCode.MIGRATION_FAILED, target.describe() + ": "
                        + firstLine(e.getMessage()), e);
            }
        }
    }

    private FleetwayException failed(TargetSession session, FlywayMigrateException e) throws SQLException {
        Target target = session.target();
        MigrationInfo failed = e.getMigration();
        if (e.isExecutableInTransaction() && failed != null) {
            FailureRecord.write(session.connection(), target, historyTable, failed);
        }
        String script = failed == null ? "a migration" : failed.getScript();
        String line = e.getLineNumber() > 0 ? " at line " + e.getLineNumber() : "";
        String effect = e.isExecutableInTransaction() ? "it was rolled back (migrations applied before it in this"
                + " run stay applied)" : "it ran outside a transaction and may be partly applied — check the schema";
        return new FleetwayException(ExitCode.MIGRATION_FAILED, target.describe() + ": " + script + " failed" + line
                + ": " + sqlError(e) + "; " + effect + " — fix the file, then run 'fleetway repair' and"
                + " 'fleetway migrate'", e);
    }

    /** The database's own error text, first line, with its SQLSTATE. */
    private static String sqlError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return firstLine(sql.getMessage()) + " (SQLSTATE " + sql.getSQLState() + ")";
            }
        }
        return firstLine(e.getMessage());
    }

    private static String firstLine(String message) {
        return message == null ? "unknown error" : message.strip().lines().findFirst().orElse("unknown error");
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
