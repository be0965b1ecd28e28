package dev.fleetway.cli;

import java.util.List;

import dev.fleetway.execute.Applier;
import dev.fleetway.execute.ApplyPolicy;
import dev.fleetway.execute.Outcome;
import dev.fleetway.execute.TargetSession;
import dev.fleetway.execute.Upgrader;
import dev.fleetway.plan.Bound;
import dev.fleetway.report.RevertResult;
import dev.fleetway.report.UpgradeResult;
import dev.fleetway.revert.Reverter;
import dev.fleetway.tenant.Target;

/**
 * What {@code migrate} and {@code revert} do once their options are parsed: a dry run, an interactive step
 * session, or a run over the selected targets (each under its lock, failures isolated as with {@code upgrade}).
 * Applying everything pending is exactly {@code upgrade}.
 */
final class MigrateRun {
    private MigrateRun() {
    }

    static int run(Context ctx, MigrateOptions options, Bound bound, boolean revert, Prompt prompt,
            ApplyPolicy policy) throws Exception {
        SelectionOptions selection = options.selection();
        List<Target> targets = ctx.select(selection);
        boolean fleet = selection.selection().isFleet();
        String table = ctx.config().table();
        if (options.dryRun) {
            return DryRunOutput.print(ctx, selection, targets, revert, bound);
        }
        if (bound.kind() == Bound.Kind.STEP) {
            return new StepMode(ctx, prompt, policy).run(targets, revert);
        }
        if (revert) {
            Reverter reverter = new Reverter(table, policy);
            List<Outcome<RevertResult>> outcomes = ctx.runner(selection, targets.size()).run(targets, target -> {
                try (TargetSession session = ctx.open(target, true)) {
                    return reverter.revert(session, Plans.down(ctx, session, bound));
                }
            });
            return FleetOutput.report(ctx, fleet, outcomes, MigrateRun::describe, r -> !r.nothingReverted());
        }
        boolean everything = bound.kind() == Bound.Kind.DEFAULT || bound.kind() == Bound.Kind.ALL;
        Upgrader upgrader = new Upgrader(table, policy);
        Applier applier = new Applier(table, policy);
        List<Outcome<UpgradeResult>> outcomes = ctx.runner(selection, targets.size()).run(targets, target -> {
            try (TargetSession session = ctx.open(target, true)) {
                if (everything) {
                    return upgrader.upgrade(session);
                }
                Plans.Up up = Plans.up(ctx, session, bound);
                return applier.apply(session, up.chosen(), up.status().currentVersion());
            }
        });
        return FleetOutput.report(ctx, fleet, outcomes, everything ? UpgradeCommand::describe : MigrateRun::describe,
                r -> !r.alreadyCurrent());
    }

    /** One line for a bounded apply. */
    static String describe(Target target, UpgradeResult result) {
        if (result.alreadyCurrent()) {
            return target.describe() + ": nothing to apply within the bound, at version " + orNone(result.toVersion())
                    + granted(result.granted());
        }
        return UpgradeCommand.describe(target, result);
    }

    /** One line for a revert. */
    static String describe(Target target, RevertResult result) {
        if (result.nothingReverted()) {
            return target.describe() + ": nothing to revert, at version " + orNone(result.toVersion());
        }
        String rerun = result.rerun().isEmpty() ? ""
                : "; " + String.join(", ", result.rerun()) + " will run again on the next apply";
        return target.describe() + ": reverted " + result.reverted().size() + " migration(s), "
                + orNone(result.fromVersion()) + " -> " + orNone(result.toVersion()) + " in " + result.millis() + " ms"
                + rerun + granted(result.granted());
    }

    private static String granted(String app) {
        return app == null ? "" : "; granted '" + app + "'";
    }

    private static String orNone(String version) {
        return version == null ? "none" : version;
    }
}
