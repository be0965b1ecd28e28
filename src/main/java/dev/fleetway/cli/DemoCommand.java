package dev.fleetway.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.eclipse.microprofile.config.ConfigProvider;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.demo.DemoFleet;
import dev.fleetway.demo.LocalPostgres;
import dev.fleetway.db.SqlState;
import dev.fleetway.execute.Fleet;
import dev.fleetway.report.AuditTable;
import dev.fleetway.serve.ServeState;
import dev.fleetway.tenant.Selection;
import dev.fleetway.tenant.Target;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.Quarkus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code fleetway demo}: a throwaway PostgreSQL ({@link LocalPostgres}) with a small fleet ({@link DemoFleet}),
 * upgraded and audited by the same engine as {@code upgrade --all} and {@code audit}, then served as
 * {@code serve} does until the process is stopped, when the server and its directory go. Reads no
 * configuration of this machine, so it can never reach a real database.
 */
@Command(name = "demo", header = "Try it: a throwaway PostgreSQL with three tenants, migrated and served.",
        mixinStandardHelpOptions = true,
        description = { "Try Fleetway with Java alone: a throwaway PostgreSQL with a default database",
                "and three tenants, upgraded, audited, then served on localhost until Ctrl-C.",
                "The server is the newest installed one, else the one bundled with the JVM",
                "build. Ctrl-C stops it and deletes everything it wrote. Reads none of this",
                "machine's configuration; --migrations DIR tries your own migrations." })
public class DemoCommand implements Callable<Integer> {
    @ParentCommand
    FleetwayCommand top;

    @Spec
    CommandSpec spec;

    @Option(names = "--pg-bin", paramLabel = "DIR",
            description = "Run the PostgreSQL server in DIR (the bin directory holding initdb and pg_ctl).")
    Path pgBin;

    @Option(names = "--embedded",
            description = "Run the PostgreSQL bundled with the JVM build even when a server is installed (not as root).")
    boolean embedded;

    @Override
    public Integer call() throws IOException {
        if (Arc.container() == null || !Arc.container().isRunning()) {
            throw FleetwayException.usage("demo needs the packaged application (java -jar quarkus-run.jar demo)");
        }
        try (LocalPostgres pg = LocalPostgres.start(Optional.ofNullable(pgBin).map(top.workingDir()::resolve),
                embedded)) {
            DemoFleet fleet = DemoFleet.create(pg);
            Context ctx = top.isolatedContext(spec, fleet.properties());
            ctx.say("PostgreSQL started on 127.0.0.1:" + pg.server().port() + " from " + pg.server().origin()
                    + "; everything is in " + pg.directory());
            fleet.description().forEach(line -> ctx.say("created " + line));
            // Ctrl-C ends the JVM while this thread waits below; the JVM runs every hook to its end before exiting.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                pg.close();
                ctx.say("stopped PostgreSQL and removed " + pg.directory());
            }, "fleetway-demo-stopped"));
            int code = upgradeAndAudit(ctx);
            if (code != ExitCode.OK.code()) {
                return code;
            }
            serve(ctx);
            ctx.say("other commands work on the demo fleet meanwhile, e.g.: fleetway --env-file "
                    + fleet.writeEnvFile(pg.directory().resolve("demo.env")) + " status --tenant acme");
            ctx.say("Ctrl-C (or kill " + ProcessHandle.current().pid() + ") stops the server and removes "
                    + pg.directory());
            Quarkus.waitForExit();
            return ExitCode.OK.code();
        }
    }

    /** {@code upgrade --all}, then {@code audit --format table}; the upgrade's exit code. */
    private static int upgradeAndAudit(Context ctx) {
        try {
            List<Target> targets = ctx.select(Selection.DEFAULT_ONLY.withAll());
            var outcomes = ctx.fleet().upgrade(targets, ctx.runner(null, false), ctx.applyPolicy(new ApplyOptions()));
            int code = FleetOutput.report(ctx, true, outcomes, UpgradeCommand::describe, r -> !r.alreadyCurrent());
            ctx.out().println(AuditTable.render(ctx.fleet().audit(targets, ctx.runner(null, false))));
            ctx.out().flush();
            return code;
        } catch (SQLException e) {
            throw new FleetwayException(SqlState.exitCode(e), "demo: " + FleetwayException.firstLine(e.getMessage()), e);
        }
    }

    /** What {@code serve} does, without an auto-migration: the fleet is current already. */
    private static void serve(Context ctx) {
        ServeState state = Arc.container().instance(ServeState.class).get();
        state.start(new Fleet(ctx.config(), state.events()), Selection.DEFAULT_ONLY.withAll(),
                ctx.config().parallelism(), ctx.applyPolicy(new ApplyOptions()), false, false);
        var config = ConfigProvider.getConfig();
        String host = config.getOptionalValue("quarkus.http.host", String.class).orElse("localhost");
        int port = config.getOptionalValue("quarkus.http.port", Integer.class).orElse(8080);
        ctx.say("serving http://" + host + ":" + port + "/ (open it in a browser: the fleet dashboard) —"
                + " /q/health/ready, /api/v1/migrations, /api/v1/health/check_up, /q/metrics");
    }
}
