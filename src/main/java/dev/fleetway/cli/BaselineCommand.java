package dev.fleetway.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.fleetway.execute.Outcome;
import dev.fleetway.tenant.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fleetway baseline}: adopts an existing database that has no history. */
@Command(name = "baseline", header = "Adopt a database built without Fleetway at a given version.",
        description = { "Adopt a database built without Fleetway: create the history with a baseline at VERSION;",
                "migrations up to VERSION count as applied, later ones are applied by 'upgrade'." })
public class BaselineCommand implements Callable<Integer> {
    @ParentCommand
    FleetwayCommand top;

    @Spec
    CommandSpec spec;

    /** Its own help option: {@code --version} is this command's version to baseline at, not Fleetway's. */
    @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--version", paramLabel = "V", defaultValue = "1",
            description = "The version the database already matches (default: ${DEFAULT-VALUE}).")
    String version;

    @Override
    public Integer call() throws Exception {
        if (!version.matches("\\d+(\\.\\d+)*")) {
            throw dev.fleetway.FleetwayException.usage("baseline --version '" + version
                    + "' is not a version — use digits and dots, e.g. 3 or 1.2");
        }
        Context ctx = top.context(spec, Map.of());
        Target target = ctx.targets().defaultTarget();
        List<Outcome<String>> outcomes = ctx.fleet().maintain(List.of(target), ctx.runner(1, false),
                (maintenance, session) -> {
                    maintenance.baseline(session, version);
                    return version;
                });
        return FleetOutput.report(ctx, false, outcomes, (t, v) -> t.describe() + ": baselined at version " + v,
                v -> true);
    }
}
