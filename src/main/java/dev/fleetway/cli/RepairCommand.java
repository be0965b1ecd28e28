package dev.fleetway.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.fleetway.execute.Maintenance;
import dev.fleetway.execute.Outcome;
import dev.fleetway.report.RepairSummary;
import dev.fleetway.tenant.Selection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fleetway repair}: clears failed history rows and realigns checksums (Flyway repair). */
@Command(name = "repair", header = "Remove failed history rows and realign checksums.", mixinStandardHelpOptions = true,
        description = { "Remove failed entries from the history and realign checksums and descriptions with the",
                "files (Flyway repair) on the selected targets. Run it after fixing a failed migration." })
public class RepairCommand implements Callable<Integer> {
    @ParentCommand
    FleetwayCommand top;

    @Spec
    CommandSpec spec;

    @Mixin
    SelectionOptions selection;

    @Override
    public Integer call() throws Exception {
        Context ctx = top.context(spec, Map.of());
        Selection chosen = selection.selection();
        List<Outcome<RepairSummary>> outcomes = ctx.fleet().maintain(ctx.select(chosen), selection.runner(ctx),
                Maintenance::repair);
        return FleetOutput.report(ctx, chosen.isFleet(), outcomes,
                (target, r) -> target.describe() + ": repaired: " + r, RepairSummary::changedAnything);
    }
}
