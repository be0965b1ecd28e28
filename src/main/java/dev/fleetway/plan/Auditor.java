package dev.fleetway.plan;

import java.sql.SQLException;

import org.flywaydb.core.Flyway;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.report.AuditRow;
import dev.fleetway.report.TargetStatus;
import dev.fleetway.tenant.Target;

/** Read-only: the audit row of one target, from its status and its grants. */
public final class Auditor {
    private Auditor() {
    }

    public static AuditRow audit(Target target, java.sql.Connection c, Flyway flyway, String historyTable)
            throws SQLException {
        TargetStatus status = StatusPlanner.plan(target, flyway);
        boolean drifted = Validation.problems(status).stream()
                .anyMatch(p -> p.exitCode() == ExitCode.VALIDATION_FAILED);
        String word = status.failed() > 0 ? AuditRow.FAILED
                : drifted ? AuditRow.DRIFTED
                : status.pending() > 0 ? AuditRow.NEEDS_UPGRADE
                : AuditRow.CURRENT;
        Boolean grants = target.appUser().isPresent()
                ? GrantCheck.ok(c, target.schema(), target.appUser().get(), historyTable)
                : null;
        return new AuditRow(target.id(), target.kind().label(), target.connection().database(), target.schema(),
                true, status.currentVersion(), status.pending(), status.failed(), status.missingInSource(),
                status.checksumMismatches(), grants, word, null);
    }

    /** The row of a target that could not be reached (or refused the login). */
    public static AuditRow unreachable(Target target, FleetwayException reason) {
        return new AuditRow(target.id(), target.kind().label(), target.connection().database(), target.schema(),
                false, null, null, null, null, null, null, AuditRow.UNREACHABLE, reason.getMessage());
    }
}
