package dev.fleetway.cli;

import java.util.List;
import java.util.concurrent.Callable;

import dev.fleetway.ExitCode;
import dev.fleetway.drift.Drift;
import dev.fleetway.drift.DriftRun;
import dev.fleetway.report.DriftState;
import dev.fleetway.report.TargetDrift;
import dev.fleetway.tenant.Target;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fleetway drift}: each target's schema against what its own migrations produce at its version. Read-only. */
@Command(name = "drift", header = "Compare each target's schema with what its migrations produce.",
        mixinStandardHelpOptions = true,
        description = { "Compare each selected target's schema (default: the default database and every tenant) with",
                "a reference: what its own migrations (its migration set, with its placeholders) produce at its",
                "version, built once per distinct reference in a scratch database that is dropped afterwards (see",
                "--dev-url). Tables, columns, constraints, indexes, views, functions, triggers, sequences, types,",
                "extensions, row-level security, policies and the app user's grants are compared by name; the",
                "history table is left out. Each target is in sync, drifted (one line per difference: + only in the",
                "target, - missing from it, ~ changed), behind (pending migrations; compared at its own version) or",
                "error. Reads targets as the monitor user when one is configured; changes no target." })
public class DriftCommand implements Callable<Integer> {
    /** What {@code --fail-on} can name. */
    enum FailOn {
        DRIFT
    }

    @ParentCommand
    FleetwayCommand top;

    @Spec
    CommandSpec spec;

    @Mixin
    SelectionOptions selection;

    @Mixin
    ScratchOptions scratch;

    @Option(names = "--fail-on", paramLabel = "drift", description = "Exit 7 when a target has drifted.")
    FailOn failOn;

    @Option(names = "--fix-sql",
            description = "Print, for each drifted target, the SQL that would bring it back where that is mechanical"
                    + " (never run; what would lose data is commented out). With --format json: each result's fixSql.")
    boolean fixSql;

    @Override
    public Integer call() throws Exception {
        Context ctx = top.context(spec, scratch.properties());
        List<Target> targets = ctx.select(selection, true);
        DriftRun run = new Drift(ctx.fleet()).check(targets, selection.runner(ctx), fixSql);
        int code = run.exitCode(failOn != null);
        if (ctx.json()) {
            DriftOutput.errorLines(ctx, run);
            ctx.json(run.envelope(ctx.command(), code));
        } else if (fixSql) {
            DriftOutput.fixSql(ctx, run, code);
        } else {
            DriftOutput.text(ctx, run, code);
        }
        if (code == ExitCode.AUDIT_FINDINGS.code()) {
            List<String> drifted = run.outcomes().stream().filter(o -> DriftRun.state(o) == DriftState.DRIFTED)
                    .map(o -> o.result().map(TargetDrift::target).orElseThrow()).toList();
            ctx.err().println("error: " + drifted.size() + " target(s) drifted (--fail-on drift): "
                    + String.join(", ", drifted.subList(0, Math.min(10, drifted.size())))
                    + (drifted.size() > 10 ? ", …" : "") + " — see the report above; 'fleetway drift --tenant ID"
                    + " --fix-sql' prints what brings one back");
            ctx.err().flush();
        }
        return code;
    }
}
