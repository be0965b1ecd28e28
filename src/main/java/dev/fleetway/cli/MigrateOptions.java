package dev.fleetway.cli;

import java.io.PrintWriter;

import dev.fleetway.FleetwayException;
import dev.fleetway.execute.FleetRunner;
import dev.fleetway.plan.Bound;
import dev.fleetway.tenant.Selection;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options shared by {@code migrate} and {@code revert}: how far to go, {@code --dry-run}, {@code --yes}, and
 * the fleet selection, which is the same as every other command's ({@code --all} selects the whole fleet).
 */
final class MigrateOptions {
    @Option(names = "--to-baseline",
            description = "Apply everything pending (the default), or revert everything above the baseline.")
    boolean toBaseline;

    @Option(names = "--step", description = "One migration at a time, asking y/n/quit before each (needs a terminal).")
    boolean step;

    @Option(names = "--target", paramLabel = "VERSION",
            description = "Apply up to and including VERSION, or revert down to (and excluding) VERSION.")
    String target;

    @Option(names = "--count", paramLabel = "N",
            description = "Apply the next N pending (migrate), or revert the newest N (revert, migrate --revert).")
    Integer count;

    @Option(names = "--dry-run",
            description = "Print the steps and the exact SQL that would run, placeholders expanded; change nothing.")
    boolean dryRun;

    @Option(names = { "-y", "--yes" },
            description = "Revert more than one migration, or on more than one target, without asking.")
    boolean yes;

    /** Deprecated: the whole fleet, now {@code --all} as on every command. */
    @Option(names = "--fleet", hidden = true)
    boolean fleet;

    @Mixin
    SelectionOptions selection;

    @Mixin
    RolloutOptions rollout;

    /**
     * The bound the options give.
     *
     * @throws FleetwayException (exit 2) when more than one is given, or {@code --step} with {@code --dry-run}
     */
    Bound bound() {
        int given = (toBaseline ? 1 : 0) + (step ? 1 : 0) + (target != null ? 1 : 0) + (count != null ? 1 : 0);
        if (given > 1) {
            throw FleetwayException.usage("--to-baseline, --step, --target and --count exclude each other — choose one");
        }
        if (step && dryRun) {
            throw FleetwayException.usage("--dry-run already shows every step without running any — drop --step");
        }
        if (toBaseline) {
            return Bound.all();
        }
        if (step) {
            return Bound.step();
        }
        if (target != null) {
            return Bound.target(target);
        }
        return count != null ? Bound.count(count) : Bound.none();
    }

    /** The fleet selection; {@code --fleet} still works, with a warning on {@code err}. */
    Selection selection(PrintWriter err) {
        if (fleet) {
            err.println("warning: --fleet is deprecated — use --all, which selects the whole fleet on every command");
            err.flush();
            return selection.selection(false).withAll();
        }
        return selection.selection();
    }

    /** A runner for the selection: {@code --parallel} and {@code --fail-fast}. */
    FleetRunner runner(Context ctx) {
        return selection.runner(ctx);
    }
}
