package dev.fleetway.plan;

import java.sql.SQLException;

import org.flywaydb.core.Flyway;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.flyway.ExpectedHistory;
import dev.fleetway.report.AuditRow;
import dev.fleetway.report.TargetStatus;
import dev.fleetway.tenant.Target;

/** Read-only: the audit row of one target, from its status and its grants. */
public final class Auditor {
    private Auditor() {
    }

    /**
     * @param flyway made only when the one-query check cannot confirm the target is current
     */
    public static AuditRow audit(Target target, java.sql.Connection c, java.util.function.Supplier<Flyway> flyway,
            ExpectedHistory expected, String historyTable) throws SQLException {
        Boolean grants = target.appUser().isPresent()
                ? GrantCheck.ok(c, target.schema(), target.appUser().get(), historyTable)
                : null;
        java.util.Optional<String> current = HistoryCheck.currentVersion(c, target, historyTable, expected);
        if (current.isPresent()) {
            return new AuditRow(target.id(), target.kind().label(), target.connection().database(), target.schema(),
                    true, current.get(), 0L, 0L, 0L, 0L, grants, AuditRow.CURRENT, null);
        }
        TargetStatus status = StatusPlanner.plan(target, flyway.get());
        boolean drifted = Validation.problems(status).stream()
                .anyMatch(p -> p.exitCode() == ExitCode.VALIDATION_FAILED);
        String word = status.failed() > 0 ? AuditRow.FAILED
                : drifted ? AuditRow.DRIFTED
                : status.pending() > 0 ? AuditRow.NEEDS_UPGRADE
                : AuditRow.CURRENT;
        return new AuditRow(target.id(), target.kind().label(), target.connection().database(), target.schema(),
                true, status.currentVersion(), status.pending(), status.failed(), status.missingInSource(),
                status.checksumMismatches(), grants, word, null);
    }

    /** The row of a target that was reached but could not be audited (the reason says why). */
    public static AuditRow broken(Target target, FleetwayException reason) {
        return new AuditRow(target.id(), target.kind().label(), target.connection().database(), target.schema(),
                true, null, null, null, null, null, null, AuditRow.FAILED, reason.getMessage());
    }

    /** The row of a target that could not be reached (or refused the login). */
    public static AuditRow unreachable(Target target, FleetwayException reason) {
        return new AuditRow(target.id(), target.kind().label(), target.connection().database(), target.schema(),
                false, null, null, null, null, null, null, AuditRow.UNREACHABLE, reason.getMessage());
    }
}
