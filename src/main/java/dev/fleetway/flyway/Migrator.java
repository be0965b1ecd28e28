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
import dev.fleetway.tenant.Target;

/** Runs Flyway's {@code migrate} and translates its outcome into Fleetway's terms. */
public final class Migrator {
    private Migrator() {
    }

    /**
     * What one {@code migrate} applied.
     *
     * @param scripts the file names applied, in order
     * @param version the schema version afterwards; null when Flyway did not report one
     */
    public record Applied(List<String> scripts, String version) {
    }

    /**
     * Migrates with {@code flyway} (bound to the target's session).
     *
     * @throws MigrationFailure when a migration fails (a lock timeout included)
     * @throws FleetwayException (exit 1) naming the target for any other Flyway error
     */
    public static Applied migrate(Target target, Flyway flyway) {
        try {
            MigrateResult result = flyway.migrate();
            List<String> scripts = result.migrations.stream()
                    .map(m -> m.filepath.substring(m.filepath.lastIndexOf('/') + 1)).toList();
            return new Applied(scripts, result.targetSchemaVersion);
        } catch (FlywayMigrateException e) {
            MigrationInfo failed = e.getMigration();
            int earlier = e.getErrorResult() == null || e.getErrorResult().migrations == null ? 0
                    : (int) e.getErrorResult().migrations.stream().filter(m -> !Boolean.TRUE.equals(m.rolledBack))
                            .count();
            String sqlState = e.getSqlState() != null ? e.getSqlState() : SqlState.of(e);
            throw new MigrationFailure(failed == null ? "a migration" : failed.getScript(),
                    failed == null || failed.getVersion() == null ? null : failed.getVersion().getVersion(),
                    failed == null ? null : failed.getDescription(), failed == null ? null : failed.getChecksum(),
                    e.isExecutableInTransaction(), e.getLineNumber(), sqlState, earlier, failed != null, e);
        } catch (FlywayException e) {
            throw new FleetwayException(ExitCode.MIGRATION_FAILED, target.describe() + ": "
                    + FleetwayException.firstLine(e.getMessage()), e);
        }
    }
}
