package dev.fleetway.cli;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.fleetway.ExitCode;
import dev.fleetway.execute.Maintenance;
import dev.fleetway.execute.TargetSession;
import dev.fleetway.tenant.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fleetway grant}: re-applies the app user's privileges. */
@Command(name = "grant", mixinStandardHelpOptions = true,
        description = { "(Re)apply the app user's privileges: USAGE on the schema, DML on tables, USAGE/SELECT on",
                "sequences, and default privileges for objects the migration user creates later." })
public class GrantCommand implements Callable<Integer> {
    @ParentCommand
    FleetwayCommand top;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Context ctx = top.context(spec, Map.of());
        Target target = ctx.targets().defaultTarget();
        try (TargetSession session = ctx.open(target, true)) {
            Optional<String> granted = new Maintenance(ctx.config().table()).grant(session);
            ctx.say(target.describe() + ": " + granted.map(u -> "granted '" + u + "'")
                    .orElse("no app user configured (fleetway.default.app-user.username); nothing to grant"));
        }
        return ExitCode.OK.code();
    }
}
