package dev.fleetway.cli;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.fleetway.execute.Maintenance;
import dev.fleetway.execute.Outcome;
import dev.fleetway.tenant.Selection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fleetway grant}: re-applies the app user's privileges on the selected targets. */
@Command(name = "grant", mixinStandardHelpOptions = true,
        description = { "(Re)apply the app user's privileges: USAGE on the schema, DML on tables, USAGE/SELECT on",
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
        List<Outcome<Optional<String>>> outcomes = ctx.fleet().maintain(ctx.select(chosen), selection.runner(ctx),
                Maintenance::grant);
        return FleetOutput.report(ctx, chosen.isFleet(), outcomes,
                (target, granted) -> target.describe() + ": " + granted.map(u -> "granted '" + u + "'")
                        .orElse("no app user configured (fleetway.default.app-user.username); nothing to grant"),
                Optional::isPresent);
    }
}
