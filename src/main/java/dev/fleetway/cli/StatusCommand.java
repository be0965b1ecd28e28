package dev.fleetway.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.fleetway.execute.Outcome;
import dev.fleetway.plan.Auditor;
import dev.fleetway.report.Label;
import dev.fleetway.report.RunOutcome;
import dev.fleetway.report.TargetState;
import dev.fleetway.report.StatusTable;
import dev.fleetway.report.TargetStatus;
import dev.fleetway.tenant.Selection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fleetway status}: every migration of each selected target, from source and history. Read-only. */
@Command(name = "status", header = "Every migration of the selected targets, from files and history.", aliases = { "info", "migrate-info" }, mixinStandardHelpOptions = true,
        description = { "Show every migration of the selected targets (default: the default database): VERSION,",
                "DESCRIPTION, TYPE, SOURCE (present/missing), DATABASE (applied/pending/failed/out-of-order/ignored/",
                "below-baseline), INSTALLED ON and CHECKSUM (ok/mismatch). Changes nothing. Reads as the monitor",
                "user when one is configured." })
public class StatusCommand implements Callable<Integer> {
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
        List<Outcome<TargetStatus>> outcomes = ctx.fleet().status(ctx.select(chosen), selection.runner(ctx));
        if (ctx.json()) {
            return FleetOutput.envelope(ctx, outcomes, o -> o.result().<Label>map(Auditor::state)
                    .orElse(RunOutcome.FAILED), List.of(TargetState.values()));
        }
        int code = FleetOutput.exitCode(ctx, chosen.isFleet(), outcomes);
        List<TargetStatus> statuses = new ArrayList<>();
        outcomes.forEach(o -> o.result().ifPresent(statuses::add));
        {
            statuses.forEach(s -> ctx.out().println(StatusTable.render(s) + System.lineSeparator()));
            ctx.out().flush();
        }
        return code;
    }
}
