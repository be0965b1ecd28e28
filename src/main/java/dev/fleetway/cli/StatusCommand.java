package dev.fleetway.cli;

import java.util.Map;
import java.util.concurrent.Callable;

import dev.fleetway.ExitCode;
import dev.fleetway.execute.TargetSession;
import dev.fleetway.plan.StatusPlanner;
import dev.fleetway.report.Format;
import dev.fleetway.report.StatusTable;
import dev.fleetway.report.TargetStatus;
import dev.fleetway.tenant.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fleetway status}: every migration of the default database, from source and history. Read-only. */
@Command(name = "status", aliases = { "info", "migrate-info" }, mixinStandardHelpOptions = true,
        description = { "Show every migration of the default database: VERSION, DESCRIPTION, TYPE, SOURCE",
                "(present/missing), DATABASE (applied/pending/failed/out-of-order/ignored), INSTALLED ON and",
                "CHECKSUM (ok/mismatch). Changes nothing." })
public class StatusCommand implements Callable<Integer> {
    @ParentCommand
    FleetwayCommand top;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Context ctx = top.context(spec, Map.of());
        Target target = ctx.targets().defaultTarget();
        try (TargetSession session = ctx.open(target, false)) {
            TargetStatus status = StatusPlanner.plan(target, session.flyway());
            if (ctx.format(Format.TABLE) == Format.JSON) {
                ctx.json(status);
            } else {
                ctx.out().println(StatusTable.render(status));
                ctx.out().flush();
            }
        }
        return ExitCode.OK.code();
    }
}
