package dev.fleetway.execute;

import java.sql.SQLException;

import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.RepairResult;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.db.SessionDataSource;
import dev.fleetway.flyway.TargetSession;
import dev.fleetway.report.RepairSummary;
import dev.fleetway.tenant.Target;

/** {@code repair}, {@code baseline} and {@code grant} on one locked target. */
public final class Maintenance {

    /**
     * Removes failed history rows, realigns checksums, descriptions and types with the files, and marks
     * applied migrations whose file is gone as deleted (Flyway repair).
     *
     * @return what changed
     */
    public RepairSummary repair(TargetSession session) {
        try {
            RepairResult r = session.flyway().repair();
            return new RepairSummary(r.migrationsRemoved.size(), r.migrationsAligned.size(),
                    r.migrationsDeleted.size());
        } catch (FlywayException e) {
            throw new FleetwayException(ExitCode.MIGRATION_FAILED, session.target().describe() + ": repair failed: "
                    + FleetwayException.firstLine(e.getMessage()), e);
        }
    }

    /**
     * Creates the history table with a baseline row at {@code version}, adopting a schema built without
     * Fleetway; migrations up to that version are then treated as applied.
     *
     * @throws FleetwayException exit 4 when the schema already has a history table
     */
    public void baseline(TargetSession session, String version) throws SQLException {
        Target target = session.target();
        if (session.history().exists(session.connection())) {
            throw new FleetwayException(ExitCode.VALIDATION_FAILED, target.describe() + ": already has a history"
                    + " table '" + session.history().name() + "' — baseline is only for schemas built without"
                    + " Fleetway or Flyway");
        }
        try {
            session.flyways().forBaseline(target, new SessionDataSource(session.connection()), version,
                    "Fleetway baseline").baseline();
        } catch (FlywayException e) {
            throw new FleetwayException(ExitCode.MIGRATION_FAILED, target.describe() + ": baseline failed: "
                    + FleetwayException.firstLine(e.getMessage()), e);
        }
    }

    /** Re-applies the app user's and the monitor user's grants. */
    public Grants.Granted grant(TargetSession session) throws SQLException {
        return Grants.all(session);
    }
}
