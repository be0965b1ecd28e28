package dev.fleetway.cli;

import java.util.List;

import dev.fleetway.execute.Outcome;
import dev.fleetway.report.Format;
import dev.fleetway.report.MigrationPlan;
import dev.fleetway.report.PlanText;

/**
 * Prints the plans of {@code --dry-run} ({@code upgrade}, {@code migrate}, {@code revert}): each target's steps
 * with their SQL (text, or JSON with {@code --format json}). The refusals a real run would meet are reported with
 * the same exit codes.
 */
final class PlanOutput {
    private PlanOutput() {
    }

    static int print(Context ctx, boolean fleet, List<Outcome<MigrationPlan>> outcomes) {
        if (ctx.format(Format.TABLE) == Format.JSON) {
            return FleetOutput.report(ctx, fleet, outcomes, (t, plan) -> "", plan -> !plan.isEmpty());
        }
        int code = FleetOutput.exitCode(ctx, fleet, outcomes);
        for (Outcome<MigrationPlan> o : outcomes) {
            o.result().ifPresent(plan -> ctx.out().println(PlanText.render(o.target().describe(), plan)));
        }
        ctx.out().flush();
        return code;
    }
}
