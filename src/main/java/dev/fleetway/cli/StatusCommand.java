package dev.fleetway.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.fleetway.execute.FleetRunner;
import dev.fleetway.execute.Outcome;
import dev.fleetway.execute.TargetSession;
import dev.fleetway.plan.StatusPlanner;
import dev.fleetway.report.Format;
import dev.fleetway.report.StatusTable;
import dev.fleetway.report.TargetStatus;
import dev.fleetway.tenant.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fleetway status}: every migration of each selected target, from source and history. Read-only. */
@Command(name = "status", aliases = { "info", "migrate-info" }, mixinStandardHelpOptions = true,
        description = { "Show every migration of the selected targets (default: the default database): VERSION,",
                "DESCRIPTION, TYPE, SOURCE (present/missing), DATABASE (applied/pending/failed/out-of-order/ignored/",
                "below-baseline), INSTALLED ON and CHECKSUM (ok/mismatch). Changes nothing. JSON: one object for",
                "the default database alone, an array with a fleet selector." })
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
        List<Target> targets = ctx.select(selection);
        List<Outcome<TargetStatus>> outcomes = ctx.runner(selection, targets.size()).run(targets, target -> {
            try (TargetSession session = ctx.open(target, false)) {
                return StatusPlanner.plan(target, session.flyway());
            }
        });
        boolean fleet = selection.selection().isFleet();
        if (!fleet && outcomes.get(0).failure().isPresent()) {
            throw outcomes.get(0).failure().get();
        }
        List<TargetStatus> statuses = new ArrayList<>();
        for (Outcome<TargetStatus> o : outcomes) {
            o.failure().ifPresent(f -> ctx.err().println("error: " + f.getMessage()));
            o.result().ifPresent(statuses::add);
        }
        ctx.err().flush();
        if (ctx.format(Format.TABLE) == Format.JSON) {
            ctx.json(fleet ? statuses : statuses.get(0));
        } else {
            statuses.forEach(s -> ctx.out().println(StatusTable.render(s) + System.lineSeparator()));
            ctx.out().flush();
        }
        return FleetRunner.exitCode(outcomes).code();
    }
}
