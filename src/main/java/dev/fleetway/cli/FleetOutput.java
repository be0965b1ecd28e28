package dev.fleetway.cli;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.fleetway.execute.Event;
import dev.fleetway.execute.FleetRunner;
import dev.fleetway.execute.Outcome;
import dev.fleetway.report.Envelope;
import dev.fleetway.report.Format;
import dev.fleetway.report.Label;
import dev.fleetway.report.RunOutcome;
import dev.fleetway.report.WaveReport;
import dev.fleetway.tenant.Target;

/**
 * Prints the outcomes of a run and returns its exit code. As JSON: always the {@link Envelope}, one entry per
 * target, failures also as {@code error:} lines on standard error. As text: without a fleet selector (the default
 * database alone) a failure is rethrown, so it is reported like any single command's error; with one, every
 * target gets a line, failures are also written to standard error, and a summary follows.
 */
final class FleetOutput {
    private FleetOutput() {
    }

    /**
     * @param text one line describing a target's result
     * @param changed whether a result changed something ({@code ok}) or found nothing to do ({@code current})
     */
    static <R> int report(Context ctx, boolean fleet, List<Outcome<R>> outcomes, BiFunction<Target, R, String> text,
            Predicate<R> changed) {
        return report(ctx, fleet, new FleetRunner.Staged<>(outcomes, List.of(), java.util.Optional.empty()), text,
                changed);
    }

    /** Like {@link #report(Context, boolean, List, BiFunction, Predicate)}, for a run in phases and waves. */
    static <R> int report(Context ctx, boolean fleet, FleetRunner.Staged<R> run, BiFunction<Target, R, String> text,
            Predicate<R> changed) {
        List<Outcome<R>> outcomes = run.outcomes();
        Function<Outcome<R>, RunOutcome> outcome = o -> o.skipped().isPresent() ? RunOutcome.SKIPPED
                : o.isFailure() ? RunOutcome.FAILED : changed.test(o.result().get()) ? RunOutcome.OK : RunOutcome.CURRENT;
        // A plain run's two phases (default database, tenants) are waves too, but reported only in a staged rollout.
        List<WaveReport> waves = run.waves().stream().filter(Event.WaveFinished::staged).map(FleetOutput::wave)
                .toList();
        if (ctx.json()) {
            int code = FleetRunner.exitCode(run).code();
            errorLines(ctx, outcomes);
            Envelope envelope = Envelope.of(ctx.command(), code, outcomes.stream()
                    .map(o -> entry(o, outcome.apply(o))).toList(), List.of(RunOutcome.values()));
            ctx.json(waves.isEmpty() ? envelope : envelope.waves(waves));
            return code;
        }
        int code = exitCode(ctx, fleet, outcomes);
        if (run.stopped().isPresent()) {
            code = FleetRunner.exitCode(run).code();
            ctx.err().println("error: " + run.stopped().get());
            ctx.err().flush();
        }
        if (!fleet && outcomes.size() == 1) {
            ctx.say(text.apply(outcomes.get(0).target(), outcomes.get(0).result().orElseThrow()));
            return code;
        }
        long[] counts = new long[RunOutcome.values().length];
        for (Outcome<R> o : outcomes) {
            RunOutcome kind = outcome.apply(o);
            counts[kind.ordinal()]++;
            String line = switch (kind) {
                case SKIPPED -> o.target().describe() + ": not started: " + o.skipped().orElse("skipped");
                case FAILED -> "FAILED (exit " + o.exitCode().code() + "): " + o.failure().get().getMessage();
                default -> text.apply(o.target(), o.result().get());
            };
            ctx.say(String.format("%-8s %s", kind.label(), line));
        }
        if (!waves.isEmpty()) {
            waves.forEach(w -> ctx.say(String.format("%-8s %s: %d target(s), %d failed%s", "wave", w.name(),
                    w.targets(), w.failed(), w.outcome().equals("done") ? "" : " — " + w.outcome())));
        }
        StringBuilder summary = new StringBuilder("fleet: " + outcomes.size() + " targets");
        for (RunOutcome kind : RunOutcome.values()) {
            summary.append(", ").append(counts[kind.ordinal()]).append(' ').append(kind.label());
        }
        ctx.say(summary + " — exit " + code);
        return code;
    }

    /**
     * Prints the envelope of a run (failures also as {@code error:} lines on standard error) and returns its exit
     * code.
     *
     * @param outcome the outcome word of a target
     * @param outcomes the words the summary counts, in order
     */
    static <R> int envelope(Context ctx, List<Outcome<R>> results, Function<Outcome<R>, ? extends Label> outcome,
            List<? extends Label> outcomes) {
        int code = FleetRunner.exitCode(results).code();
        errorLines(ctx, results);
        ctx.json(Envelope.of(ctx.command(), code, results.stream().map(o -> entry(o, outcome.apply(o))).toList(),
                outcomes));
        return code;
    }

    private static WaveReport wave(Event.WaveFinished w) {
        return new WaveReport(w.name(), w.targets(), w.failed(), w.budget() == Integer.MAX_VALUE ? null : w.budget(),
                w.skipped() ? "skipped" : !w.overBudget() ? "done" : w.index() < w.count() ? "stopped" : "over-budget");
    }

    static Envelope.Entry entry(Outcome<?> o, Label outcome) {
        return new Envelope.Entry(o.target().id(), o.target().kind().label(), outcome, o.exitCode().code(),
                o.result().orElse(null), o.failure().map(Throwable::getMessage).or(o::skipped).orElse(null));
    }

    /**
     * The run's exit code, after reporting its failures as text: without a fleet selector the one target's
     * failure is rethrown (reported like any command's error); with one, each failure gets an {@code error:} line.
     */
    static <R> int exitCode(Context ctx, boolean fleet, List<Outcome<R>> outcomes) {
        if (!fleet && outcomes.size() == 1 && outcomes.get(0).failure().isPresent()) {
            throw outcomes.get(0).failure().get();
        }
        errorLines(ctx, outcomes);
        return FleetRunner.exitCode(outcomes).code();
    }

    private static <R> void errorLines(Context ctx, List<Outcome<R>> outcomes) {
        outcomes.forEach(o -> o.failure().ifPresent(f -> ctx.err().println("error: " + f.getMessage())));
        ctx.err().flush();
    }
}
