package dev.fleetway.cli;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import dev.fleetway.FleetwayException;
import dev.fleetway.execute.Outcome;
import dev.fleetway.execute.TargetSession;
import dev.fleetway.plan.StatusPlanner;
import dev.fleetway.plan.Validation;
import dev.fleetway.tenant.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fleetway validate}: source against database for each selected target. Read-only. */
@Command(name = "validate", mixinStandardHelpOptions = true,
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

    @Override
    public Integer call() throws Exception {
        Context ctx = top.context(spec, Map.of());
        List<Target> targets = ctx.select(selection);
        List<Outcome<String>> outcomes = ctx.runner(selection, targets.size()).run(targets, target -> {
            List<Validation.Problem> problems;
            try (TargetSession session = ctx.open(target, false)) {
                problems = Validation.problems(StatusPlanner.plan(target, session.flyway()));
            }
            if (!problems.isEmpty()) {
                // A recorded failure (1) outranks a mismatch (4): it is what the operator must fix first.
                Validation.Problem first = problems.stream()
                        .min(Comparator.comparingInt(p -> p.exitCode().code())).orElseThrow();
                throw new FleetwayException(first.exitCode(), target.describe() + ": " + problems.stream()
                        .map(Validation.Problem::message).collect(Collectors.joining("; ")));
            }
            return "valid";
        });
        return FleetOutput.report(ctx, selection.selection().isFleet(), outcomes,
                (target, r) -> target.describe() + ": " + r, r -> false);
    }
}
