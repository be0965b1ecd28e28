package dev.fleetway.plan;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.db.AdvisoryLock;
import dev.fleetway.flyway.HistoryTable;
import dev.fleetway.flyway.TargetSession;
import dev.fleetway.report.AuditRow;
import dev.fleetway.report.LockHolder;
import dev.fleetway.report.TargetState;
import dev.fleetway.report.TargetStatus;
import dev.fleetway.tenant.Target;

/** Read-only: the audit row of one target, from its status and its grants. */
public final class Auditor {
    private Auditor() {
    }

    /**
     * The target's row; Flyway is asked only when the one-query check cannot confirm the target is current. The
     * history read for that check also gives the last applied migration; one more query names the lock holder.
     */
    public static AuditRow audit(TargetSession session) throws SQLException {
        Target target = session.target();
        Boolean grants = target.appUser().isPresent()
                ? GrantCheck.ok(session.connection(), target.schema(), target.appUser().get(), session.history().name())
                : null;
        Optional<List<HistoryTable.Row>> history = session.history().rows(session.connection());
        Optional<HistoryTable.Row> last = history.flatMap(Auditor::lastApplied);
        String lastApplied = last.map(HistoryTable.Row::script).orElse(null);
        Instant lastAppliedAt = last.map(HistoryTable.Row::installedOn).orElse(null);
        LockHolder holder = AdvisoryLock.holder(session.connection(), target.connection().database(), target.schema())
                .map(h -> new LockHolder(h.pid(), h.applicationName(), h.client(), h.connectedSince(), h.describe()))
                .orElse(null);
        Optional<String> current = HistoryCheck.currentVersion(session, history);
        if (current.isPresent()) {
            return new AuditRow(target.id(), target.kind().label(), target.connection().database(), target.schema(),
                    target.labels(), true, current.get(), 0L, 0L, 0L, 0L, grants, lastApplied, lastAppliedAt, holder,
                    TargetState.CURRENT, null);
        }
        TargetStatus status = StatusPlanner.plan(target, session.flyway());
        return new AuditRow(target.id(), target.kind().label(), target.connection().database(), target.schema(),
                target.labels(), true, status.currentVersion(), status.pending(), status.failed(), status.missingInSource(),
                status.checksumMismatches(), grants, lastApplied, lastAppliedAt, holder, state(status), null);
    }

    /** The newest successful migration or baseline row; Flyway's other markers (schema creation, deletions) are not. */
    private static Optional<HistoryTable.Row> lastApplied(List<HistoryTable.Row> rows) {
        return rows.stream().filter(HistoryTable.Row::isApplied).reduce((older, newer) -> newer);
    }

    /** The state of a target that was reached: a failure outranks drift, drift outranks pending work. */
    public static TargetState state(TargetStatus status) {
        boolean drifted = Validation.problems(status).stream()
                .anyMatch(p -> p.exitCode() == ExitCode.VALIDATION_FAILED);
        return status.failed() > 0 ? TargetState.FAILED
                : drifted ? TargetState.DRIFTED
                : status.pending() > 0 ? TargetState.NEEDS_UPGRADE
                : TargetState.CURRENT;
    }

    /**
     * The row of a target that failed to be audited: unreachable when the connection or login failed, else
     * reached but failing (no permission on the history, files Flyway rejects), with the reason.
     */
    public static AuditRow failed(Target target, FleetwayException reason) {
        boolean unreachable = reason.exitCode() == ExitCode.UNREACHABLE;
        return new AuditRow(target.id(), target.kind().label(), target.connection().database(), target.schema(),
                target.labels(), !unreachable, null, null, null, null, null, null, null, null, null,
                unreachable ? TargetState.UNREACHABLE : TargetState.FAILED, reason.getMessage());
    }
}
