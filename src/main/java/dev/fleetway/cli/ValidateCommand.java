package dev.fleetway.cli;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import dev.fleetway.FleetwayException;
import dev.fleetway.execute.Outcome;
import dev.fleetway.plan.Validation;
import dev.fleetway.tenant.Target;
import io.quarkus.runtime.annotations.RegisterForReflection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fleetway validate}: source against database for each selected target. Read-only. */
@Command(name = "validate", header = "Compare the migration files with each target's history.", mixinStandardHelpOptions = true,
        description = { "Compare the migration files with each selected target's history. Exit 4 on a checksum",
                "mismatch, an applied migration missing from the files or a file that can never be applied, 1 on a",
                "recorded failure. Pending migrations are fine. Changes nothing." })
public class ValidateCommand implements Callable<Integer> {
    @ParentCommand
    FleetwayCommand top;

    @Spec
    CommandSpec spec;

    @Mixin
    SelectionOptions selection;

    /** One target's validation: the JSON of {@code validate --format json}. */
    @RegisterForReflection
    record Report(String target, boolean valid, List<String> problems) {
    }

    @Override
    public Integer call() throws Exception {
        Context ctx = top.context(spec, Map.of());
        List<Outcome<List<Validation.Problem>>> checked = ctx.fleet().validate(ctx.select(selection.selection()),
                selection.runner(ctx));
        // A target with problems counts as failed, with the most urgent problem's code: a recorded failure
        // (1) outranks a mismatch (4), it is what the operator must fix first.
        List<Outcome<Report>> outcomes = checked.stream().map(o -> {
            if (o.result().isEmpty() || o.result().get().isEmpty()) {
                return o.result().isPresent() ? Outcome.ok(o.target(), new Report(o.target().id(), true, List.of()))
                        : new Outcome<Report>(o.target(), Optional.empty(), o.failure());
            }
            List<Validation.Problem> problems = o.result().get();
            Validation.Problem first = Validation.mostUrgent(problems).orElseThrow();
            return Outcome.<Report>failed(o.target(), new FleetwayException(first.exitCode(), o.target().describe()
                    + ": " + problems.stream().map(Validation.Problem::message).collect(Collectors.joining("; "))));
        }).toList();
        if (!ctx.json() && !selection.selection().isFleet() && checked.size() == 1) {
            return single(ctx, checked.get(0), outcomes.get(0));
        }
        return FleetOutput.report(ctx, true, outcomes, (target, r) -> target.describe() + ": valid", r -> false);
    }

    /** The default database alone: the report as JSON, or "valid" / one {@code error:} line per problem. */
    private int single(Context ctx, Outcome<List<Validation.Problem>> checked, Outcome<Report> outcome) {
        if (checked.result().isEmpty()) {
            throw checked.failure().orElseThrow();
        }
        Target target = checked.target();
        List<String> problems = checked.result().get().stream().map(Validation.Problem::message).toList();
        if (problems.isEmpty()) {
            ctx.say(target.describe() + ": valid");
        } else {
            problems.forEach(p -> ctx.err().println("error: " + target.describe() + ": " + p));
            ctx.err().flush();
        }
        return outcome.exitCode().code();
    }
}
