package dev.fleetway.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.execute.ApplyPolicy;
import dev.fleetway.execute.StepSession;
import dev.fleetway.report.Direction;
import dev.fleetway.report.PlannedStep;
import dev.fleetway.report.StepTable;
import dev.fleetway.tenant.Target;

/**
 * The prompts of {@code migrate --step} and {@code revert --step}: on one target (locked for the whole session,
 * see {@link StepSession}), lists the steps, then asks before each one ({@code Apply 3_create_projects?
 * (y/n/quit)}). {@code y} runs the step and moves on; {@code n}, {@code q}, {@code quit} or the end of input stop
 * with exit 0 and a summary of what ran. A step that fails stops the session with its error; the steps before it
 * stay done.
 */
final class StepMode {
    private final Context ctx;
    private final Prompt prompt;

    StepMode(Context ctx, Prompt prompt) {
        this.ctx = ctx;
        this.prompt = prompt;
    }

    /** @throws FleetwayException (exit 2) unless a person can answer the prompts */
    static void requireTerminal(Prompt prompt) {
        if (!prompt.interactive()) {
            throw FleetwayException.usage("--step asks before every migration and needs a terminal, but standard input"
                    + " is not one — run without --step (or bounded with --count N or --target V), and use"
                    + " --dry-run to review the SQL first");
        }
    }

    int run(List<Target> targets, Direction direction, ApplyPolicy policy) throws SQLException, IOException {
        if (targets.size() != 1) {
            throw FleetwayException.usage("--step works on one target at a time, and " + targets.size() + " are"
                    + " selected — choose one with --tenant ID (or none for the default database)");
        }
        Target target = targets.get(0);
        PrintWriter out = ctx.out();
        boolean down = direction == Direction.DOWN;
        String verb = down ? "revert" : "apply";
        try (StepSession session = ctx.fleet().step(target, direction, policy)) {
            List<PlannedStep> steps = session.steps();
            if (steps.isEmpty()) {
                out.println(target.describe() + ": nothing to " + verb + ", at version "
                        + UpgradeCommand.orNone(session.version()));
                out.flush();
                return ExitCode.OK.code();
            }
            out.println(target.describe() + ": " + steps.size() + " step(s) to " + verb + ", at version "
                    + UpgradeCommand.orNone(session.version()));
            out.println(StepTable.render(steps));
            for (PlannedStep step : steps) {
                out.println();
                out.println("-- " + step.script());
                if (!confirmed(out, (down ? "Revert " : "Apply ") + step.name() + "? (y/n/quit) ")) {
                    break;
                }
                String version = session.runNext();
                out.println((down ? "reverted " : "applied ") + step.script() + ", now at version "
                        + UpgradeCommand.orNone(version));
                out.flush();
            }
            out.println(target.describe() + ": " + (down ? "reverted " : "applied ") + session.done() + " of "
                    + steps.size() + " step(s), at version " + UpgradeCommand.orNone(session.version())
                    + (session.done() < steps.size() ? "; stopped, the remaining step(s) did not run" : ""));
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
}
