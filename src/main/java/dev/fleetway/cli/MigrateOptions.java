package dev.fleetway.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.fleetway.FleetwayException;
import dev.fleetway.execute.FleetRunner;
import dev.fleetway.plan.Bound;
import dev.fleetway.tenant.Selection;
import dev.fleetway.tenant.Shard;
import picocli.CommandLine.Option;

/**
 * The options shared by {@code migrate} and {@code revert}: how far to go, {@code --dry-run}, and the fleet
 * selection. Here {@code --all} is a bound (everything pending, or everything revertible), so the whole fleet is
 * selected with {@code --fleet} instead of the {@code --all} of {@code upgrade} and {@code status}.
 */
final class MigrateOptions {
    @Option(names = "--all", description = "Apply everything pending (the default), or revert everything revertible.")
    boolean all;

    @Option(names = "--step", description = "One migration at a time, asking y/n/quit before each (needs a terminal).")
    boolean step;

    @Option(names = "--target", paramLabel = "VERSION",
            description = "Apply up to and including VERSION, or revert down to (and excluding) VERSION.")
    String target;

    @Option(names = "--count", paramLabel = "N", description = "Apply the next N pending, or revert the newest N.")
    Integer count;

    @Option(names = "--dry-run",
            description = "Print the steps and the exact SQL that would run, placeholders expanded; change nothing.")
    boolean dryRun;

    @Option(names = "--tenant", paramLabel = "ID", description = "Only this tenant (repeatable).")
    List<String> tenants = new ArrayList<>();

    @Option(names = "--fleet", description = "The default database and every tenant (what --all means for upgrade).")
    boolean fleet;

    @Option(names = "--exclude", paramLabel = "ID", description = "Leave this tenant out (repeatable).")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--shard", paramLabel = "I/N", description = "Only the I-th of N disjoint parts of the selection.")
    String shard;

    @Option(names = "--parallel", paramLabel = "N", description = "Work on at most N targets at once.")
    Integer parallel;

    @Option(names = "--fail-fast", description = "Start no new target after one fails.")
    boolean failFast;

    /**
     * The bound the options give.
     *
     * @throws FleetwayException (exit 2) when more than one is given, or {@code --step} with {@code --dry-run}
     */
    Bound bound() {
        int given = (all ? 1 : 0) + (step ? 1 : 0) + (target != null ? 1 : 0) + (count != null ? 1 : 0);
        if (given > 1) {
            throw FleetwayException.usage("--all, --step, --target and --count exclude each other — choose one");
        }
        if (step && dryRun) {
            throw FleetwayException.usage("--dry-run already shows every step without running any — drop --step");
        }
        if (all) {
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

    /** The fleet selection. */
    Selection selection() {
        return new Selection(List.copyOf(tenants), fleet, List.copyOf(excludes),
                Optional.ofNullable(shard).map(Shard::parse));
    }

    /** A runner for the selection: {@code --parallel} and {@code --fail-fast}. */
    FleetRunner runner(Context ctx) {
        return ctx.runner(parallel, failFast);
    }
}
