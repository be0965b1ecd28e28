package dev.fleetway.flyway;

import java.util.List;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.internal.exception.FlywayMigrateException;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.db.SqlState;
import dev.fleetway.source.MigrationFile;
import dev.fleetway.source.MigrationSource;
import dev.fleetway.tenant.Target;

/** Runs Flyway's {@code migrate} and translates its outcome into Fleetway's terms. */
public final class Migrator {
    private static final String MIXED_GROUP = "Detected both transactional and non-transactional migrations within"
            + " the same migration group";
    private Migrator() {
    }

    /**
     * What one {@code migrate} applied.
     *
     * @param scripts the scripts applied ({@link dev.fleetway.source.MigrationFile#script()}), in order
     * @param version the schema version afterwards; null when Flyway did not report one
     */
    public record Applied(List<String> scripts, String version) {
    }

    /**
     * A group of migrations asked to run in one transaction holds one that cannot (Flyway detects {@code CREATE
     * INDEX CONCURRENTLY} and the like from the statements): said by Flyway before anything runs, so the caller
     * migrates them one by one instead.
     */
    public static final class MixedGroup extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MixedGroup(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * Migrates with {@code flyway} (bound to the target's session).
     *
     * @throws MigrationFailure when a migration fails (a lock timeout included)
     * @throws MixedGroup when a grouped migrate cannot run in one transaction (nothing ran)
     * @throws FleetwayException (exit 1) naming the target for any other Flyway error
     */
    public static Applied migrate(Target target, Flyway flyway, MigrationSource source) {
        try {
            MigrateResult result = flyway.migrate();
            List<String> scripts = result.migrations.stream().map(m -> scriptAt(source, m.filepath)).toList();
            return new Applied(scripts, result.targetSchemaVersion);
        } catch (FlywayMigrateException e) {
            if (String.valueOf(e.getMessage()).startsWith(MIXED_GROUP)) {
                throw new MixedGroup(e);
            }
            MigrationInfo failed = e.getMigration();
            if (SqlState.isConnectionLoss(e)) {
                // Nothing more is tried on this session: it is gone.
                throw connectionLost(target, failed == null ? null : failed.getScript(), e.isExecutableInTransaction(), e);
            }
            int earlier = e.getErrorResult() == null || e.getErrorResult().migrations == null ? 0
                    : (int) e.getErrorResult().migrations.stream().filter(m -> !Boolean.TRUE.equals(m.rolledBack))
                            .count();
            String sqlState = e.getSqlState() != null ? e.getSqlState() : SqlState.of(e);
            throw new MigrationFailure(failed == null ? "a migration" : failed.getScript(),
                    failed == null || failed.getVersion() == null ? null : failed.getVersion().getVersion(),
                    failed == null ? null : failed.getDescription(), failed == null ? null : failed.getChecksum(),
                    e.isExecutableInTransaction(), e.getLineNumber(), sqlState, earlier, failed != null, e);
        } catch (FlywayException e) {
            if (SqlState.isConnectionLoss(e)) {
                throw connectionLost(target, null, false, e); // e.g. while committing: the outcome is unknown
            }
            throw new FleetwayException(ExitCode.MIGRATION_FAILED, target.describe() + ": "
                    + FleetwayException.firstLine(e.getMessage()), e);
        }
    }

    /** The script Flyway applied from {@code path} (its resource's path on disk, {@code location/relativePath}). */
    private static String scriptAt(MigrationSource source, String path) {
        return source.files().stream().filter(f -> f.kind() != MigrationFile.Kind.UNDO && f.path().equals(path))
                .map(MigrationFile::script).findFirst().orElse(path.substring(path.lastIndexOf('/') + 1));
    }

    /**
     * The one error of a target whose connection was lost while migrating (exit 3), saying truly what became of
     * the migration: one interrupted inside its transaction was rolled back by PostgreSQL; outside a transaction,
     * or while committing, nobody can tell from here.
     *
     * @param script the migration running, if known
     * @param rolledBack whether it was running inside a transaction, before its commit
     */
    public static FleetwayException connectionLost(Target target, String script, boolean rolledBack, Throwable e) {
        String what = script == null ? "while migrating" : "while applying " + script;
        String outcome = rolledBack && script != null
                ? "it ran in a transaction that never committed, so PostgreSQL rolled it back — rerun when the"
                        + " database is back"
                : "whether the migration running then was applied is unknown (the connection dropped outside a"
                        + " transaction or while committing) — check 'fleetway status', then rerun";
        return new FleetwayException(ExitCode.UNREACHABLE, target.describe() + ": lost the connection to the"
                + " database " + what + " (" + MigrationFailure.databaseError(e) + "); " + outcome, e);
    }
}
