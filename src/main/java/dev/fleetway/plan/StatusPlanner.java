package dev.fleetway.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

import dev.fleetway.report.ChecksumState;
import dev.fleetway.report.MigrationRow;
import dev.fleetway.report.MigrationType;
import dev.fleetway.report.SourceState;
import dev.fleetway.flyway.FlywayFactory;
import dev.fleetway.report.TargetStatus;
import dev.fleetway.tenant.Target;

/**
 * Read-only: joins the migration files with the target's history into one row per migration. Used by
 * {@code status}, {@code validate} and before {@code upgrade}; it never writes to the database.
 */
public final class StatusPlanner {

    private StatusPlanner() {
    }

    public static TargetStatus plan(Target target, Flyway flyway) {
        List<MigrationRow> rows = new ArrayList<>();
        MigrationInfo current = null;
        for (MigrationInfo info : flyway.info().all()) {
            if (info.getState() == MigrationState.DELETED) {
                continue;
            }
            rows.add(row(info, FlywayFactory.isDownScript(flyway, info.getScript())));
            if (info.isVersioned() && info.getState().isApplied() && !info.getState().isFailed()) {
                current = info;
            }
        }
        return new TargetStatus(target.id(), target.kind().label(), target.connection().database(), target.schema(),
                current == null ? null : current.getVersion().getVersion(), rows);
    }

    /** @param downScript whether the row's script is a down script (then a failed row is a failed revert) */
    static MigrationRow row(MigrationInfo info, boolean downScript) {
        MigrationState state = info.getState();
        boolean synthetic = info.getType() != null && (info.getType().isSynthetic() || info.getType().isBaseline());
        SourceState source = state.isResolved() || synthetic ? SourceState.PRESENT : SourceState.MISSING;
        ChecksumState checksum = null;
        MigrationType type = type(info, downScript);
        if (state.isApplied() && state.isResolved() && !info.isRepeatable() && info.getResolvedChecksum() != null
                && type != MigrationType.REVERT) {
            checksum = info.isChecksumMatching() ? ChecksumState.OK : ChecksumState.MISMATCH;
        }
        Instant installedOn = info.getInstalledOn() == null ? null : info.getInstalledOn().toInstant();
        return new MigrationRow(info.getVersion() == null ? "" : info.getVersion().getVersion(),
                info.getDescription(), type, info.getScript(), source, database(state), installedOn, checksum);
    }

    private static MigrationType type(MigrationInfo info, boolean downScript) {
        if (info.getState().isFailed() && downScript) {
            return MigrationType.REVERT; // see HistoryTable#recordFailedRevert
        }
        if (info.getType() != null && info.getType().isBaseline()) {
            return MigrationType.BASELINE;
        }
        if (info.getType() != null && info.getType().isSynthetic()) {
            return MigrationType.SCHEMA; // Flyway's marker row for a schema it created
        }
        return info.isRepeatable() ? MigrationType.REPEATABLE : MigrationType.VERSIONED;
    }

    /** Flyway's state of a migration, folded into the states an operator acts on. */
    static dev.fleetway.report.MigrationState database(MigrationState state) {
        return switch (state) {
            case FAILED, MISSING_FAILED, FUTURE_FAILED -> dev.fleetway.report.MigrationState.FAILED;
            case OUT_OF_ORDER -> dev.fleetway.report.MigrationState.OUT_OF_ORDER;
            case IGNORED -> dev.fleetway.report.MigrationState.IGNORED;
            case BELOW_BASELINE, BASELINE_IGNORED -> dev.fleetway.report.MigrationState.BELOW_BASELINE;
            case PENDING, ABOVE_TARGET, OUTDATED, AVAILABLE, UNDONE -> dev.fleetway.report.MigrationState.PENDING;
            default -> dev.fleetway.report.MigrationState.APPLIED;
        };
    }
}
