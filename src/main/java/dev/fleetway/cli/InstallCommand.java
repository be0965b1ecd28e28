package dev.fleetway.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.fleetway.execute.Outcome;
import dev.fleetway.report.UpgradeResult;
import dev.fleetway.tenant.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fleetway install CONNECTION}: installs the schema into one given database. */
@Command(name = "install", header = "Install the schema into the database named on the command line.", mixinStandardHelpOptions = true,
        description = { "Install the schema into the database named on the command line, then grant the app user.",
                "Refuses a database that has tables but no history (adopt it with 'baseline')." })
public class InstallCommand implements Callable<Integer> {
    @ParentCommand
    FleetwayCommand top;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONNECTION",
            description = "postgresql://user:password@host:5432/db?sslmode=… or jdbc:postgresql://host:5432/db")
    String connection;

    @Option(names = "--app-user", paramLabel = "ROLE",
            description = "Role to grant DML rights to (default: fleetway.default.app-user.username).")
    String appUser;

    @Mixin
    ApplyOptions apply;

    @Option(names = "--schema", paramLabel = "SCHEMA", description = "Schema to install into (default: public).")
    String schema;

    @Override
    public Integer call() throws Exception {
        Map<String, String> props = new HashMap<>();
        if (appUser != null) {
            props.put("fleetway.default.app-user.username", appUser);
        }
        if (schema != null) {
            props.put("fleetway.default.schema", schema);
        }
        Context ctx = top.context(spec, props);
        Target target = ctx.targets().fromConnectionString(connection);
        List<Outcome<UpgradeResult>> outcomes = ctx.fleet().upgrade(List.of(target), ctx.runner(1, false),
                ctx.applyPolicy(apply));
        return FleetOutput.report(ctx, false, outcomes, UpgradeCommand::describe, r -> !r.alreadyCurrent());
    }
}
