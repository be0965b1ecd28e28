package dev.fleetway.cli;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import dev.fleetway.ExitCode;
import dev.fleetway.execute.FleetRunner;
import dev.fleetway.execute.Outcome;
import dev.fleetway.execute.TargetSession;
import dev.fleetway.plan.ApplyPlanner;
import dev.fleetway.plan.Bound;
import dev.fleetway.report.FleetReport;
import dev.fleetway.report.Format;
import dev.fleetway.report.MigrationPlan;
import dev.fleetway.report.PlanText;
import dev.fleetway.tenant.Target;

/**
 * {@code --dry-run} of {@code upgrade}, {@code migrate} and {@code revert}: plans every selected target on a
 * session without the lock, prints the steps with their SQL (text, or JSON with {@code --format json}), and
 * changes nothing. The refusals a real run would meet (a checksum mismatch, a missing down script…) are
 * reported with the same exit codes.
 */
final class DryRunOutput {
    private DryRunOutput() {
    }

    static int print(Context ctx, SelectionOptions selection, List<Target> targets, boolean revert, Bound bound) {
        List<Outcome<MigrationPlan>> outcomes = ctx.runner(selection, targets.size())
                .run(targets, target -> plan(ctx, target, revert, bound));
        ExitCode code = FleetRunner.exitCode(outcomes);
        boolean fleet = selection.selection().isFleet();
        if (!fleet && outcomes.size() == 1 && outcomes.get(0).failure().isPresent()) {
            throw outcomes.get(0).failure().get();
        }
        List<FleetReport.Entry> entries = new ArrayList<>();
        for (Outcome<MigrationPlan> o : outcomes) {
            String outcome = o.isSkipped() ? FleetReport.SKIPPED : o.isFailure() ? FleetReport.FAILED
                    : o.result().get().isEmpty() ? FleetReport.CURRENT : FleetReport.OK;
            entries.add(new FleetReport.Entry(o.target().id(), o.target().kind().label(), outcome,
                    o.exitCode().code(), o.result().orElse(null), o.failure().map(Throwable::getMessage).orElse(null)));
            o.failure().ifPresent(f -> ctx.err().println("error: " + f.getMessage()));
        }
        ctx.err().flush();
        if (ctx.format(Format.TABLE) == Format.JSON) {
            ctx.json(fleet ? FleetReport.of(code.code(), entries) : outcomes.get(0).result().orElseThrow());
            return code.code();
        }
        for (Outcome<MigrationPlan> o : outcomes) {
            o.result().ifPresent(plan -> ctx.out().println(PlanText.render(o.target().describe(), plan)));
        }
        ctx.out().flush();
        return code.code();
    }

    /** One target's plan, on a session that takes no lock and writes nothing. */
    private static MigrationPlan plan(Context ctx, Target target, boolean revert, Bound bound) throws SQLException {
        try (TargetSession session = ctx.open(target, false)) {
            if (revert) {
                return Plans.down(ctx, session, bound).dryRun();
            }
            Plans.Up up = Plans.up(ctx, session, bound);
            return ApplyPlanner.plan(target, up.status(), up.chosen());
        }
    }
}
