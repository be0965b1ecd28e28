package dev.fleetway.cli;

import java.util.Map;
import java.util.concurrent.Callable;

import dev.fleetway.ExitCode;
import dev.fleetway.execute.TargetSession;
import dev.fleetway.execute.Upgrader;
import dev.fleetway.report.Format;
import dev.fleetway.report.UpgradeResult;
import dev.fleetway.tenant.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fleetway upgrade}: applies pending migrations to the default database. */
@Command(name = "upgrade", mixinStandardHelpOptions = true,
        description = { "Apply pending migrations to the default database, then grant the app user.",
                "Nothing pending is success (exit 0)." })
public class UpgradeCommand implements Callable<Integer> {
    @ParentCommand
    FleetwayCommand top;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Context ctx = top.context(spec, Map.of());
        Target target = ctx.targets().defaultTarget();
        try (TargetSession session = ctx.open(target, true)) {
            UpgradeResult result = new Upgrader(ctx.config().table()).upgrade(session);
            report(ctx, target, result);
        }
        return ExitCode.OK.code();
    }

    /** Prints an upgrade or install result; shared with {@link InstallCommand}. */
    static void report(Context ctx, Target target, UpgradeResult result) {
        if (ctx.format(Format.TABLE) == Format.JSON) {
            ctx.json(result);
            return;
        }
        String grants = result.granted() == null ? "" : "; granted '" + result.granted() + "'";
        if (result.alreadyCurrent()) {
            ctx.say(target.describe() + ": already current at version " + orNone(result.toVersion()) + grants);
        } else {
            ctx.say(target.describe() + ": applied " + result.applied().size() + " migration(s), "
                    + orNone(result.fromVersion()) + " -> " + orNone(result.toVersion()) + " in " + result.millis()
                    + " ms" + grants);
        }
    }

    private static String orNone(String version) {
        return version == null ? "none" : version;
    }
}
