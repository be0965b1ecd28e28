package dev.fleetway.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.execute.Applier;
import dev.fleetway.execute.ApplyPolicy;
import dev.fleetway.execute.TargetSession;
import dev.fleetway.plan.Bound;
import dev.fleetway.report.PlannedStep;
import dev.fleetway.report.StepTable;
import dev.fleetway.report.UpgradeResult;
import dev.fleetway.revert.RevertPlan;
import dev.fleetway.revert.Reverter;
import dev.fleetway.tenant.Target;

/**
 * {@code migrate --step} and {@code revert --step}: on one target, under its lock for the whole session, lists
 * the steps, then asks before each one ({@code Apply 3_create_projects? (y/n/quit)}). {@code y} runs the step
 * (in its own transaction, grants after it) and moves on; {@code n}, {@code q}, {@code quit} or the end of input
 * stop with exit 0 and a summary of what ran. A step that fails stops the session with its error; the steps
 * before it stay done.
 */
final class StepMode {
    private final Context ctx;
    private final Prompt prompt;
    private final ApplyPolicy policy;

    StepMode(Context ctx, Prompt prompt, ApplyPolicy policy) {
        this.ctx = ctx;
        this.prompt = prompt;
        this.policy = policy;
    }

    /** @throws FleetwayException (exit 2) unless a person can answer the prompts */
    static void requireTerminal(Prompt prompt) {
        if (!prompt.interactive()) {
            throw FleetwayException.usage("--step asks before every migration and needs a terminal, but standard input"
                    + " is not one — use --all to run everything without asking (or --count N, --target V), and"
                    + " --dry-run to review the SQL first");
        }
    }

    int run(List<Target> targets, boolean revert) throws SQLException, IOException {
        if (targets.size() != 1) {
            throw FleetwayException.usage("--step works on one target at a time, and " + targets.size() + " are"
                    + " selected — choose one with --tenant ID (or none for the default database)");
        }
        Target target = targets.get(0);
        PrintWriter out = ctx.out();
        try (TargetSession session = ctx.open(target, true)) {
            RevertPlan down = revert ? Plans.down(ctx, session, Bound.step()) : null;
            Plans.Up up = revert ? null : Plans.up(ctx, session, Bound.step());
            List<PlannedStep> steps = revert ? down.planned() : up.pending();
            String version = revert ? down.fromVersion() : up.status().currentVersion();
            String verb = revert ? "revert" : "apply";
            if (steps.isEmpty()) {
                out.println(target.describe() + ": nothing to " + verb + ", at version " + orNone(version));
                out.flush();
                return ExitCode.OK.code();
            }
            out.println(target.describe() + ": " + steps.size() + " step(s) to " + verb + ", at version "
                    + orNone(version));
            out.println(StepTable.render(steps));
            int done = 0;
            for (PlannedStep step : steps) {
                out.println();
                out.println("-- " + step.script());
                if (!confirmed(out, (revert ? "Revert " : "Apply ") + step.name() + "? (y/n/quit) ")) {
                    break;
                }
                if (revert) {
                    version = new Reverter(ctx.config().table(), policy).revert(session, down.only(done)).toVersion();
                } else {
                    UpgradeResult r = new Applier(ctx.config().table(), policy).apply(session, List.of(step), version);
                    version = r.toVersion();
                }
                done++;
                out.println((revert ? "reverted " : "applied ") + step.script() + ", now at version " + orNone(version));
                out.flush();
            }
            out.println(target.describe() + ": " + (revert ? "reverted " : "applied ") + done + " of " + steps.size()
                    + " step(s), at version " + orNone(version)
                    + (done < steps.size() ? "; stopped, the remaining step(s) did not run" : ""));
            out.flush();
            return ExitCode.OK.code();
        }
    }

    /** Asks until the answer is yes, no or quit; the end of input counts as quit. */
    private boolean confirmed(PrintWriter out, String question) throws IOException {
        while (true) {
            String answer = prompt.ask(out, question);
            if (answer == null) {
                return false;
            }
            switch (answer) {
                case "y", "yes" -> {
                    return true;
                }
                case "n", "no", "q", "quit" -> {
                    return false;
                }
                default -> out.println("please answer y (run it), n or quit (stop here)");
            }
        }
    }

    private static String orNone(String version) {
        return version == null ? "none" : version;
    }
}
