package dev.fleetway.cli;

import java.util.Map;
import java.util.concurrent.Callable;

import dev.fleetway.ExitCode;
import dev.fleetway.execute.Maintenance;
import dev.fleetway.execute.TargetSession;
import dev.fleetway.tenant.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fleetway repair}: clears failed history rows and realigns checksums (Flyway repair). */
@Command(name = "repair", mixinStandardHelpOptions = true,
        description = { "Remove failed entries from the history and realign checksums and descriptions with the",
                "files (Flyway repair). Run it after fixing a failed migration, before upgrading again." })
public class RepairCommand implements Callable<Integer> {
    @ParentCommand
    FleetwayCommand top;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Context ctx = top.context(spec, Map.of());
        Target target = ctx.targets().defaultTarget();
        try (TargetSession session = ctx.open(target, true)) {
            ctx.say(target.describe() + ": repaired: " + new Maintenance(ctx.config().table()).repair(session));
        }
        return ExitCode.OK.code();
    }
}
