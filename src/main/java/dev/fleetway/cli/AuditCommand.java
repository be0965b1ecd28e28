package dev.fleetway.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.fleetway.ExitCode;
import dev.fleetway.drift.Drift;
import dev.fleetway.drift.DriftRun;
import dev.fleetway.report.AuditReport;
import dev.fleetway.report.AuditRow;
import dev.fleetway.report.AuditTable;
import dev.fleetway.report.DriftState;
import dev.fleetway.report.Format;
import dev.fleetway.report.TargetState;
import dev.fleetway.tenant.Target;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fleetway audit}: one row per target of the fleet. Read-only; an unreachable target is a row, not an error. */
@Command(name = "audit", header = "One row per target of the fleet: version, pending, failed, grants, state.", mixinStandardHelpOptions = true,
        description = { "One row per target (default: the default database and every tenant): reachable, current",
                "version, pending, failed, missing in source, checksum mismatches, app-user grants, and a status:",
                "current, needs-upgrade, failed, drifted or unreachable. JSON by default. Changes nothing." })
public class AuditCommand implements Callable<Integer> {
    /** What {@code --fail-on} can name. */
    enum FailOn {
        PENDING, FAILED, ANY
    }

    @ParentCommand
    FleetwayCommand top;

    @Spec
    CommandSpec spec;

    @Mixin
    SelectionOptions selection;

    @Option(names = "--fail-on", paramLabel = "pending|failed|any",
            description = "Exit 7 when a target needs an upgrade (pending), has a failed migration (failed), or is not current for any reason (any; with --drift, a drifted schema too).")
    FailOn failOn;

    @Option(names = "--drift",
            description = "Also compare each target's schema with what its migrations produce, as 'drift' does: a DRIFT column (in sync, drifted (N), behind, error), 'drift' in JSON.")
    boolean drift;

    @Mixin
    ScratchOptions scratch;

    @Override
    public Integer call() throws Exception {
        Context ctx = top.context(spec, scratch.properties());
        List<Target> targets = ctx.select(selection.selection(true));
        AuditReport report = ctx.fleet().audit(targets, selection.runner(ctx));
        if (drift) {
            Map<String, AuditRow.SchemaDrift> column = new HashMap<>();
            new Drift(ctx.fleet()).check(targets, selection.runner(ctx), false).outcomes().forEach(o -> column.put(
                    o.target().id(), new AuditRow.SchemaDrift(DriftRun.state(o),
                            o.result().map(r -> r.differences().size()).orElse(0))));
            report = report.withDrift(column);
        }
        List<AuditRow> rows = report.targets();
        int code = failOn != null && rows.stream().anyMatch(this::matches) ? ExitCode.AUDIT_FINDINGS.code()
                : ExitCode.OK.code();
        if (ctx.format(Format.JSON) == Format.JSON) {
            ctx.json(report.envelope(ctx.command(), code));
        } else {
            ctx.out().println(AuditTable.render(report));
            ctx.out().flush();
        }
        if (code == ExitCode.AUDIT_FINDINGS.code()) {
            List<String> found = rows.stream().filter(this::matches).map(AuditRow::target).toList();
            ctx.err().println("error: " + found.size() + " target(s) match --fail-on " + failOn.name().toLowerCase()
                    + ": " + String.join(", ", found.subList(0, Math.min(10, found.size())))
                    + (found.size() > 10 ? ", …" : "") + " — see the report above ('fleetway status --tenant ID'"
                    + " shows one target)");
            ctx.err().flush();
        }
        return code;
    }

    private boolean matches(AuditRow row) {
        return switch (failOn) {
            case PENDING -> row.status() == TargetState.NEEDS_UPGRADE;
            case FAILED -> row.status() == TargetState.FAILED;
            case ANY -> row.status() != TargetState.CURRENT
                    || row.drift() != null && row.drift().state() == DriftState.DRIFTED;
        };
    }
}
