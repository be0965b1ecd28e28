package dev.fleetway.cli;

import dev.fleetway.drift.DriftRun;
import dev.fleetway.execute.Outcome;
import dev.fleetway.report.DriftState;
import dev.fleetway.report.TargetDrift;

/** Prints a {@link DriftRun} for people: one line per target, its differences below it, and a summary. */
final class DriftOutput {
    private DriftOutput() {
    }

    /** The report: per target its state and version, each difference indented under a drifted one, a summary. */
    static void text(Context ctx, DriftRun run, int code) {
        for (Outcome<TargetDrift> o : run.outcomes()) {
            DriftState state = DriftRun.state(o);
            String line = o.result().map(r -> o.target().describe() + ": " + where(r))
                    .orElseGet(() -> o.failure().map(Throwable::getMessage)
                            .orElse(o.target().describe() + ": not started: " + o.skipped().orElse("skipped")));
            ctx.say(String.format("%-8s %s", state.text(), line));
            o.result().ifPresent(r -> r.differences().forEach(d -> ctx.say("         " + d.line())));
        }
        errorLines(ctx, run);
        ctx.say(summary(run, code));
    }

    /**
     * {@code --fix-sql}: for each drifted target its script, then the summary (on standard error, so that standard
     * output is SQL alone).
     */
    static void fixSql(Context ctx, DriftRun run, int code) {
        boolean any = false;
        for (Outcome<TargetDrift> o : run.outcomes()) {
            if (o.result().isPresent() && o.result().get().fixSql() != null) {
                ctx.out().println(o.result().get().fixSql());
                any = true;
            }
        }
        if (!any) {
            ctx.out().println("-- no target has drifted: nothing to repair");
        }
        ctx.out().flush();
        errorLines(ctx, run);
        ctx.err().println(summary(run, code));
        ctx.err().flush();
    }

    /** Each target that could not be compared as an {@code error:} line on standard error. */
    static void errorLines(Context ctx, DriftRun run) {
        run.outcomes().forEach(o -> o.failure().ifPresent(f -> ctx.err().println("error: " + f.getMessage())));
        ctx.err().flush();
    }

    private static String where(TargetDrift r) {
        String at = "at version " + r.version();
        return switch (r.state()) {
            case DRIFTED -> at + (r.pending() > 0 ? " (" + r.pending() + " pending)" : "") + ", "
                    + r.differences().size() + " difference(s)";
            case BEHIND -> at + ", " + r.pending() + " pending (newest " + r.latestVersion()
                    + "); as its own version produces it";
            default -> at;
        };
    }

    /** {@code drift: 5 targets, 3 in sync, 1 drifted, 1 behind, 0 error; 2 reference(s) built — exit 0}. */
    static String summary(DriftRun run, int code) {
        StringBuilder s = new StringBuilder("drift: " + run.outcomes().size() + " targets");
        for (DriftState state : DriftState.values()) {
            s.append(", ").append(run.count(state)).append(' ').append(state.text());
        }
        return s + "; " + run.references() + " reference(s) built — exit " + code;
    }
}
