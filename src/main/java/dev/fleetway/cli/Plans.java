package dev.fleetway.cli;

import java.sql.SQLException;
import java.util.List;

import dev.fleetway.execute.TargetSession;
import dev.fleetway.flyway.FlywayFactory;
import dev.fleetway.flyway.ScriptReader;
import dev.fleetway.plan.ApplyPlanner;
import dev.fleetway.plan.Bound;
import dev.fleetway.plan.Preflight;
import dev.fleetway.report.PlannedStep;
import dev.fleetway.report.TargetStatus;
import dev.fleetway.revert.RevertPlan;
import dev.fleetway.revert.RevertPlanner;

/**
 * Plans a {@code migrate} or {@code revert} run on an open session: the preflight refusals, then the steps.
 * Read-only, so the same plans serve the run itself (on a locked session), {@code --step} and {@code --dry-run}.
 */
final class Plans {
    private Plans() {
    }

    /**
     * The up steps of a target.
     *
     * @param pending every pending step, in order
     * @param chosen the prefix of {@code pending} the bound selects
     */
    record Up(TargetStatus status, List<PlannedStep> pending, List<PlannedStep> chosen) {
    }

    static Up up(Context ctx, TargetSession session, Bound bound) throws SQLException {
        FlywayFactory flyways = session.flyways();
        TargetStatus status = Preflight.check(session.connection(), session.target(), session.flyway(),
                ctx.config().table(), true);
        ScriptReader scripts = flyways.scripts(session.target(), session.connection());
        List<PlannedStep> pending = ApplyPlanner.pending(status, flyways.source(), scripts);
        return new Up(status, pending, ApplyPlanner.select(pending, bound));
    }

    static RevertPlan down(Context ctx, TargetSession session, Bound bound) throws SQLException {
        FlywayFactory flyways = session.flyways();
        TargetStatus status = Preflight.check(session.connection(), session.target(), session.flyway(),
                ctx.config().table(), false);
        ScriptReader scripts = flyways.scripts(session.target(), session.connection());
        return RevertPlanner.plan(session.connection(), session.target(), ctx.config().table(), status,
                flyways.source(), scripts, bound);
    }
}
