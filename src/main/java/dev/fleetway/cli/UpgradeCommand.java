package dev.fleetway.cli;

import java.util.Map;
import java.util.concurrent.Callable;

import dev.fleetway.plan.Bound;
import dev.fleetway.report.Direction;
import dev.fleetway.report.UpgradeResult;
import dev.fleetway.tenant.Selection;
import dev.fleetway.tenant.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fleetway upgrade}: applies pending migrations to the selected targets. */
@Command(name = "upgrade", header = "Apply pending migrations to the selected targets, then grant.", mixinStandardHelpOptions = true,
        description = { "Apply pending migrations, then grant the app user. No selector: the default database;",
                "--all: it and every tenant. Nothing pending is success (exit 0). Fleet runs go on past a failed",
                "target and exit 6 when some failed, 1 when all did." })
public class UpgradeCommand implements Callable<Integer> {
    @ParentCommand
    FleetwayCommand top;

    @Spec
    CommandSpec spec;

    @Mixin
    SelectionOptions selection;

    @Mixin
    ApplyOptions apply;

    @Mixin
    RolloutOptions rollout;

    @Option(names = "--dry-run", description = "Print the steps and the exact SQL that would run; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        Context ctx = top.context(spec, Map.of());
        Selection chosen = selection.selection();
        var targets = ctx.select(selection, false);
        if (dryRun) {
            return PlanOutput.print(ctx, chosen.isFleet(),
                    ctx.fleet().plan(targets, selection.runner(ctx), Direction.UP, Bound.none()));
        }
        var run = ctx.fleet().migrate(targets, selection.runner(ctx), ctx.applyPolicy(apply), Bound.none(),
                rollout.rollout(ctx.config()));
        return FleetOutput.report(ctx, chosen.isFleet(), run, UpgradeCommand::describe, r -> !r.alreadyCurrent());
    }

    /** One line for an upgrade or install result; shared with {@link InstallCommand}. */
    static String describe(Target target, UpgradeResult result) {
        String grants = result.granted() == null ? "" : "; granted '" + result.granted() + "'";
        if (result.alreadyCurrent()) {
            return target.describe() + ": already current at version " + orNone(result.toVersion()) + grants;
        }
        return target.describe() + ": applied " + result.applied().size() + " migration(s), "
                + orNone(result.fromVersion()) + " -> " + orNone(result.toVersion()) + " in " + result.millis() + " ms"
                + grants;
    }

    static String orNone(String version) {
        return version == null ? "none" : version;
    }
}
