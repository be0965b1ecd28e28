package dev.fleetway.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;

import dev.fleetway.ExitCode;
import dev.fleetway.execute.FleetRunner;
import dev.fleetway.execute.Outcome;
import dev.fleetway.report.FleetReport;
import dev.fleetway.report.Format;
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
        ExitCode code = FleetRunner.exitCode(outcomes);
        if (!fleet && outcomes.size() == 1) {
            Outcome<R> only = outcomes.get(0);
            if (only.failure().isPresent()) {
                throw only.failure().get();
            }
            if (ctx.format(Format.TABLE) == Format.JSON) {
                ctx.json(only.result().orElseThrow());
            } else {
                ctx.say(text.apply(only.target(), only.result().orElseThrow()));
            }
            return code.code();
        }
        List<FleetReport.Entry> entries = new ArrayList<>();
        for (Outcome<R> o : outcomes) {
            String outcome = o.isSkipped() ? FleetReport.SKIPPED : o.isFailure() ? FleetReport.FAILED
                    : changed.test(o.result().get()) ? FleetReport.OK : FleetReport.CURRENT;
            entries.add(new FleetReport.Entry(o.target().id(), o.target().kind().label(), outcome, o.exitCode().code(),
                    o.result().orElse(null), o.failure().map(Throwable::getMessage).orElse(null)));
            o.failure().ifPresent(f -> ctx.err().println("error: " + f.getMessage()));
        }
        ctx.err().flush();
        FleetReport report = FleetReport.of(code.code(), entries);
        if (ctx.format(Format.TABLE) == Format.JSON) {
            ctx.json(report);
            return code.code();
        }
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome<R> o = outcomes.get(i);
            String line = switch (entries.get(i).outcome()) {
                case FleetReport.SKIPPED -> "not started (--fail-fast)";
                case FleetReport.FAILED -> "FAILED (exit " + o.exitCode().code() + "): " + o.failure().get().getMessage();
                default -> text.apply(o.target(), o.result().get());
            };
            ctx.say(String.format("%-8s %s", entries.get(i).outcome(), line));
        }
        ctx.say("fleet: " + report.summary().entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                .reduce((a, b) -> a + ", " + b).orElse("") + " — exit " + code.code());
        return code.code();
    }
}
