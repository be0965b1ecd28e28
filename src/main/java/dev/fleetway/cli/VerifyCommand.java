package dev.fleetway.cli;

import java.util.Optional;
import java.util.concurrent.Callable;

import dev.fleetway.drift.Verifier;
import dev.fleetway.report.Difference;
import dev.fleetway.report.VerifiedMigration;
import dev.fleetway.report.VerifyProblem;
import dev.fleetway.report.VerifyReport;
import dev.fleetway.report.VerifyState;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fleetway verify}: every down script checked against its migration in a scratch database. For CI. */
@Command(name = "verify", header = "Check in a scratch database that each down script undoes its migration.",
        mixinStandardHelpOptions = true,
        description = { "For CI; needs no fleet. In a scratch database (see --dev-url), apply the versioned migrations",
                "one by one; after each, run its down script and check that the schema is exactly as before the",
                "migration, then apply it again and check that the schema is the same as the first time. Repeatable",
                "scripts are applied once at the end, as in a fresh install. Exit 4 when a down script fails or does",
                "not restore (the differing objects are listed) or a migration cannot be applied again the same;",
                "exit 1 when a migration fails to apply at all. A migration without a down script is reported, not",
                "failed. The scratch database is dropped afterwards." })
public class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    FleetwayCommand top;

    @Spec
    CommandSpec spec;

    @Mixin
    ScratchOptions scratch;

    @Option(names = "--from", paramLabel = "V",
            description = "Check only the migrations from version V on (what a pull request adds); those before are applied unchecked.")
    String from;

    @Override
    public Integer call() throws Exception {
        Context ctx = top.context(spec, scratch.properties());
        VerifyReport report = new Verifier(ctx.fleet()).verify(Optional.ofNullable(from));
        int code = report.exitCode().code();
        if (ctx.json()) {
            errorLines(ctx, report);
            ctx.json(report.envelope(ctx.command()));
            return code;
        }
        for (VerifiedMigration m : report.migrations()) {
            String name = m.script() + (m.downScript() == null ? "" : " / " + m.downScript());
            switch (m.state()) {
                case OK -> ctx.say(String.format("%-8s %s: restores the schema; applies again the same", "ok", name));
                case NO_DOWN_SCRIPT -> ctx.say(String.format("%-8s %s: no down script, not checked", "no down", name));
                case NOT_RUN -> ctx.say(String.format("%-8s %s: not reached (an earlier migration fails)", "skipped",
                        name));
                case FAILED -> m.problems().forEach(p -> {
                    ctx.say(String.format("%-8s %s", "FAILED", p.message()));
                    p.differences().forEach(d -> ctx.say("         " + d.line()));
                });
            }
        }
        if (!report.repeatables().isEmpty()) {
            ctx.say(String.format("%-8s %s", report.repeatablesError() == null ? "ok" : "FAILED",
                    String.join(", ", report.repeatables()) + (report.repeatablesError() == null
                            ? ": applied once after the versioned migrations (not compared)"
                            : ": " + report.repeatablesError())));
        }
        errorLines(ctx, report);
        ctx.say("verify: " + report.migrations().size() + " migrations, " + report.count(VerifyState.OK) + " ok, "
                + report.count(VerifyState.FAILED) + " failed, " + report.count(VerifyState.NO_DOWN_SCRIPT)
                + " without a down script, " + report.count(VerifyState.NOT_RUN) + " not reached; in the "
                + report.scratch() + " — exit " + code);
        return code;
    }

    /** Each problem as an {@code error:} line on standard error, with the objects that differ. */
    private static void errorLines(Context ctx, VerifyReport report) {
        for (VerifiedMigration m : report.migrations()) {
            for (VerifyProblem p : m.problems()) {
                ctx.err().println("error: " + p.message() + (p.differences().isEmpty() ? "" : ": "
                        + String.join("; ", p.differences().stream().map(Difference::line).toList())));
            }
        }
        if (report.repeatablesError() != null) {
            ctx.err().println("error: the repeatable scripts fail to apply: " + report.repeatablesError());
        }
        ctx.err().flush();
    }
}
