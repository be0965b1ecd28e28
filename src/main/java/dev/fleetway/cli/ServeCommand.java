package dev.fleetway.cli;

import java.util.Map;
import java.util.concurrent.Callable;

import org.jboss.logging.Logger;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.execute.Fleet;
import dev.fleetway.serve.DriftMonitor;
import dev.fleetway.serve.ServeState;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.Quarkus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fleetway serve}: the long-running mode, with HTTP health, audit and metrics endpoints. */
@Command(name = "serve", header = "Long-running: health, audit API, metrics; optional auto-migration.", mixinStandardHelpOptions = true,
        description = { "Serve /q/health/live, /q/health/ready, /api/v1/health/check_up, /api/v1/migrations and",
                "/q/metrics on quarkus.http.port (default 8080), reading as the monitor user when one is configured.",
                "With fleetway.auto-migrate=true (FLEETWAY_AUTO_MIGRATE=true) first upgrade the selection (default",
                "--all, in the phases and waves of fleetway.rollout.*) in the background; readiness stays DOWN until",
                "it is done, then means 'this process can serve' whatever the fleet's state (that is check_up's).",
                "The fleet is audited every fleetway.serve.audit-interval (default 30s) for the metrics. With",
                "fleetway.dev-url set, its drift is checked every fleetway.serve.drift-interval (default 10m) for",
                "/api/v1/drift and fleetway_drift_objects. Runs until stopped (SIGTERM)." })
public class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = Logger.getLogger(ServeCommand.class);

    @ParentCommand
    FleetwayCommand top;

    @Spec
    CommandSpec spec;

    @Mixin
    SelectionOptions selection;

    @Mixin
    ApplyOptions apply;

    @Override
    public Integer call() {
        if (Arc.container() == null || !Arc.container().isRunning()) {
            throw FleetwayException.usage("serve needs the packaged application (java -jar quarkus-run.jar serve)");
        }
        Context ctx = top.context(spec, Map.of());
        ServeState state = Arc.container().instance(ServeState.class).get();
        int parallel = selection.parallel != null ? selection.parallel : ctx.config().parallelism();
        state.start(new Fleet(ctx.config(), state.events()), selection.selection(true), parallel,
                ctx.applyPolicy(apply), ctx.config().autoMigrate(), ctx.config().autoMigrateExitOnFailure());
        Arc.container().instance(DriftMonitor.class).get().start();
        LOG.infof("serving; auto-migration %s", ctx.config().autoMigrate() ? "started" : "off");
        Quarkus.waitForExit();
        return ExitCode.OK.code();
    }
}
