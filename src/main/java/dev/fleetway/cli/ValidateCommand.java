package dev.fleetway.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.fleetway.ExitCode;
import dev.fleetway.execute.TargetSession;
import dev.fleetway.plan.StatusPlanner;
import dev.fleetway.plan.Validation;
import dev.fleetway.report.Format;
import dev.fleetway.tenant.Target;
import io.quarkus.runtime.annotations.RegisterForReflection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fleetway validate}: source against database; exit 4 on a mismatch or missing file. Read-only. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = { "Compare the migration files with the database's history. Exit 4 on a checksum mismatch",
                "or an applied migration missing from the files, 1 on a recorded failure. Pending migrations",
                "are fine. Changes nothing." })
public class ValidateCommand implements Callable<Integer> {
    @ParentCommand
    FleetwayCommand top;

    @Spec
    CommandSpec spec;

    /** The JSON form of a validation. */
    @RegisterForReflection
    record Report(String target, boolean valid, List<String> problems) {
    }

    @Override
    public Integer call() throws Exception {
        Context ctx = top.context(spec, Map.of());
        Target target = ctx.targets().defaultTarget();
        List<Validation.Problem> problems;
        try (TargetSession session = ctx.open(target, false)) {
            problems = Validation.problems(StatusPlanner.plan(target, session.flyway()));
        }
        if (ctx.format(Format.TABLE) == Format.JSON) {
            ctx.json(new Report(target.id(), problems.isEmpty(), problems.stream().map(Validation.Problem::message)
                    .toList()));
        } else if (problems.isEmpty()) {
            ctx.say(target.describe() + ": valid");
        } else {
            problems.forEach(p -> spec.commandLine().getErr().println("error: " + target.describe() + ": "
                    + p.message()));
        }
        // A recorded failure outranks a mismatch: it is what the operator has to fix first.
        return problems.stream().map(Validation.Problem::exitCode)
                .min((a, b) -> Integer.compare(a.code(), b.code()))
                .orElse(ExitCode.OK).code();
    }
}
