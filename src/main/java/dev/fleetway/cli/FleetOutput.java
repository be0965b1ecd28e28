package dev.fleetway.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;

import dev.fleetway.execute.FleetRunner;
import dev.fleetway.execute.Outcome;
import dev.fleetway.report.FleetReport;
import dev.fleetway.report.Format;
import dev.fleetway.report.RunOutcome;
import dev.fleetway.tenant.Target;

/**
 * Prints the outcomes of a run and returns its exit code. Without a fleet selector (the default database
 * alone) a failure is rethrown, so it is reported like any single command's error; with one, every target
 * gets a line (or a JSON entry), failures are also written to standard error, and a summary follows.
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
        int code = exitCode(ctx, fleet, outcomes);
        if (!fleet && outcomes.size() == 1) {
            R only = outcomes.get(0).result().orElseThrow();
            if (ctx.format(Format.TABLE) == Format.JSON) {
                ctx.json(only);
            } else {
                ctx.say(text.apply(outcomes.get(0).target(), only));
            }
            return code;
        }
        List<FleetReport.Entry> entries = new ArrayList<>();
        for (Outcome<R> o : outcomes) {
            RunOutcome outcome = o.isSkipped() ? RunOutcome.SKIPPED : o.isFailure() ? RunOutcome.FAILED
                    : changed.test(o.result().get()) ? RunOutcome.OK : RunOutcome.CURRENT;
            entries.add(new FleetReport.Entry(o.target().id(), o.target().kind().label(), outcome, o.exitCode().code(),
                    o.result().orElse(null), o.failure().map(Throwable::getMessage).orElse(null)));
        }
        FleetReport report = FleetReport.of(code, entries);
        if (ctx.format(Format.TABLE) == Format.JSON) {
            ctx.json(report);
            return code;
        }
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome<R> o = outcomes.get(i);
            String line = switch (entries.get(i).outcome()) {
                case SKIPPED -> "not started (--fail-fast)";
                case FAILED -> "FAILED (exit " + o.exitCode().code() + "): " + o.failure().get().getMessage();
                default -> text.apply(o.target(), o.result().get());
            };
            ctx.say(String.format("%-8s %s", entries.get(i).outcome().label(), line));
        }
        ctx.say("fleet: " + report.summary().entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                .reduce((a, b) -> a + ", " + b).orElse("") + " — exit " + code);
        return code;
    }

    /**
     * The run's exit code, after reporting its failures: without a fleet selector the one target's failure is
     * rethrown (reported like any command's error); with one, each failure gets an {@code error:} line.
     */
    static <R> int exitCode(Context ctx, boolean fleet, List<Outcome<R>> outcomes) {
        if (!fleet && outcomes.size() == 1 && outcomes.get(0).failure().isPresent()) {
            throw outcomes.get(0).failure().get();
        }
        outcomes.forEach(o -> o.failure().ifPresent(f -> ctx.err().println("error: " + f.getMessage())));
        ctx.err().flush();
        return FleetRunner.exitCode(outcomes).code();
    }
}
