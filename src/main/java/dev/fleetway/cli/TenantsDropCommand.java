package dev.fleetway.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.provision.TenantDrop;
import dev.fleetway.report.DropResult;
import dev.fleetway.report.Envelope;
import dev.fleetway.report.Placement;
import dev.fleetway.report.RunOutcome;
import dev.fleetway.tenant.Target;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fleetway tenants drop ID --yes}: removes a tenant, its data and its record. */
@Command(name = "drop", header = "Drop a tenant: its database or schema, and its record.", mixinStandardHelpOptions = true,
        description = { "Drop tenant ID for good, as its migration user: its database, or its schema when it shares a"
                + " database, and its row in fleetway.tenant-registry.table or its entry in fleetway.tenants-file. A"
                + " tenant declared in configuration or by the tenant query is dropped and the output says where to"
                + " remove its declaration. Needs --yes (exit 2 without it, nothing removed). Refuses a database that"
                + " sessions are connected to, or that the migration user does not own." })
public class TenantsDropCommand implements Callable<Integer> {
    @ParentCommand
    TenantsCommand tenants;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The tenant to drop.")
    String id;

    @Option(names = "--yes", description = "Confirm: the tenant's database or schema and all its data are removed.")
    boolean yes;

    @Override
    public Integer call() throws Exception {
        if (!yes) {
            throw FleetwayException.usage("tenants drop removes tenant '" + id + "' and all its data for good — add"
                    + " --yes to confirm (nothing was removed)");
        }
        Context ctx = tenants.top.context(spec, Map.of());
        DropResult result = new TenantDrop(ctx.fleet()).drop(id);
        if (result.note() != null) {
            ctx.err().println("warning: " + result.note());
            ctx.err().flush();
        }
        if (ctx.json()) {
            ctx.json(Envelope.of(ctx.command(), ExitCode.OK.code(), List.of(new Envelope.Entry(id,
                    Target.Kind.TENANT.label(), RunOutcome.OK, ExitCode.OK.code(), result, null)),
                    List.of(RunOutcome.values())));
            return ExitCode.OK.code();
        }
        String what = result.placement() == Placement.DATABASE ? "database " + result.database()
                : "schema " + result.schema() + " of database " + result.database();
        ctx.say("tenant '" + id + "': dropped " + what + (result.removedFrom() == null ? ""
                : "; removed from " + result.removedFrom()) + " in " + result.millis() + " ms");
        return ExitCode.OK.code();
    }
}
