package dev.fleetway.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.fleetway.execute.Grants;
import dev.fleetway.execute.Maintenance;
import dev.fleetway.execute.Outcome;
import dev.fleetway.tenant.Selection;
import dev.fleetway.tenant.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fleetway grant}: re-applies the app user's privileges on the selected targets. */
@Command(name = "grant", header = "(Re)apply the app user's and the monitor user's privileges.", mixinStandardHelpOptions = true,
        description = { "(Re)apply the monitor user's read access (USAGE on the schema, SELECT on the history,",
                "CONNECT where the migration user may grant it) and the app user's privileges: USAGE on the schema,",
                "DML on tables, USAGE/SELECT on",
                "sequences, and default privileges for objects the migration user creates later." })
public class GrantCommand implements Callable<Integer> {
    @ParentCommand
    FleetwayCommand top;

    @Spec
    CommandSpec spec;

    @Mixin
    SelectionOptions selection;

    @Override
    public Integer call() throws Exception {
        Context ctx = top.context(spec, Map.of());
        Selection chosen = selection.selection();
        List<Outcome<Grants.Granted>> outcomes = ctx.fleet().maintain(ctx.select(chosen), selection.runner(ctx),
                Maintenance::grant);
        return FleetOutput.report(ctx, chosen.isFleet(), outcomes, GrantCommand::describe,
                g -> g.appUser().isPresent() || g.monitorUser().isPresent());
    }

    private static String describe(Target target, Grants.Granted granted) {
        List<String> done = new ArrayList<>();
        granted.appUser().ifPresent(u -> done.add("granted '" + u + "'"));
        granted.monitorUser().ifPresent(u -> done.add("granted monitor user '" + u + "' read access"));
        granted.note().ifPresent(done::add);
        return target.describe() + ": " + (done.isEmpty()
                ? "no app or monitor user configured (fleetway.default.app-user.username); nothing to grant"
                : String.join("; ", done));
    }
}
