package dev.fleetway.cli;

import java.util.List;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.execute.ApplyPolicy;
import dev.fleetway.plan.Bound;
import dev.fleetway.report.Direction;
import dev.fleetway.report.RevertResult;
import dev.fleetway.report.UpgradeResult;
import dev.fleetway.tenant.Selection;
import dev.fleetway.tenant.Target;

/**
 * What {@code migrate} and {@code revert} do once their options are parsed: a dry run, an interactive step
 * session, or a run over the selected targets; then the rendering of the result. Applying everything pending is
 * exactly {@code upgrade}.
 */
final class MigrateRun {
    private MigrateRun() {
    }

    static int run(Context ctx, MigrateOptions options, Bound bound, Direction direction, Prompt prompt,
            ApplyPolicy policy) throws Exception {
        Selection selection = options.selection(ctx.err());
        List<Target> targets = ctx.fleet().narrow(ctx.select(selection), options.selection.only(), options.runner(ctx));
        boolean fleet = selection.isFleet();
        if (options.dryRun) {
            return PlanOutput.print(ctx, fleet, ctx.fleet().plan(targets, options.runner(ctx), direction, bound));
        }
        if (bound.kind() == Bound.Kind.STEP) {
            return new StepMode(ctx, prompt).run(targets, direction, policy);
        }
        if (direction == Direction.DOWN && !confirmed(ctx, options, bound, targets, prompt)) {
            ctx.say("nothing was reverted");
            return ExitCode.OK.code();
        }
        if (direction == Direction.DOWN) {
            return FleetOutput.report(ctx, fleet, ctx.fleet().revert(targets, options.runner(ctx), policy, bound),
                    MigrateRun::describe, r -> !r.nothingReverted());
        }
        boolean everything = bound.kind() == Bound.Kind.DEFAULT || bound.kind() == Bound.Kind.ALL;
        return FleetOutput.report(ctx, fleet, ctx.fleet().migrate(targets, options.runner(ctx), policy, bound,
                options.rollout.rollout(ctx.config())),
                everything ? UpgradeCommand::describe : MigrateRun::describe, r -> !r.alreadyCurrent());
    }

    /**
     * Reverting is destructive: more than one migration, or more than one target, is confirmed at a terminal, or
     * with {@code --yes}. The count comes from the same plans the run makes (read-only, before the lock).
     *
     * @return false when the person answered no
     * @throws FleetwayException (exit 2) without {@code --yes} and without a terminal
     */
    private static boolean confirmed(Context ctx, MigrateOptions options, Bound bound, List<Target> targets,
            Prompt prompt) throws java.io.IOException {
        if (options.yes) {
            return true;
        }
        boolean several = targets.size() > 1 || bound.kind() == Bound.Kind.ALL
                || bound.kind() == Bound.Kind.COUNT && bound.count() > 1;
        int steps = 0;
        if (!several && bound.kind() == Bound.Kind.TARGET) {
            var plans = ctx.fleet().plan(targets, options.runner(ctx), Direction.DOWN, bound);
            FleetOutput.exitCode(ctx, false, plans); // a refusal is reported now, before anyone is asked
            steps = plans.stream().mapToInt(o -> o.result().map(p -> p.steps().size()).orElse(0)).sum();
            several = steps > 1;
        }
        if (!several) {
            return true;
        }
        String what = (bound.kind() == Bound.Kind.ALL ? "every migration above the baseline"
                : steps > 1 ? steps + " migrations" : bound.kind() == Bound.Kind.COUNT ? bound.count() + " migrations"
                : "the newest migration") + " on " + targets.size() + " target(s)";
        if (!prompt.interactive()) {
            throw FleetwayException.usage("reverting " + what + " runs their down scripts and cannot be undone — it is"
                    + " asked for at a terminal; without one, add --yes (review it first with --dry-run)");
        }
        String answer = prompt.ask(ctx.out(), "Revert " + what + "? (y/N) ");
        return answer != null && (answer.equals("y") || answer.equals("yes"));
    }

    /** One line for a bounded apply. */
    static String describe(Target target, UpgradeResult result) {
        if (result.alreadyCurrent()) {
            return target.describe() + ": nothing to apply within the bound, at version "
                    + UpgradeCommand.orNone(result.toVersion()) + granted(result.granted());
        }
        return UpgradeCommand.describe(target, result);
    }

    /** One line for a revert. */
    static String describe(Target target, RevertResult result) {
        if (result.nothingReverted()) {
            return target.describe() + ": nothing to revert, at version " + UpgradeCommand.orNone(result.toVersion());
        }
        String rerun = result.rerun().isEmpty() ? ""
                : "; " + String.join(", ", result.rerun()) + " will run again on the next apply";
        return target.describe() + ": reverted " + result.reverted().size() + " migration(s), "
                + UpgradeCommand.orNone(result.fromVersion()) + " -> " + UpgradeCommand.orNone(result.toVersion())
                + " in " + result.millis() + " ms" + rerun + granted(result.granted());
    }

    private static String granted(String app) {
        return app == null ? "" : "; granted '" + app + "'";
    }
}
