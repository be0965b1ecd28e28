package dev.fleetway.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.provision.NewTenant;
import dev.fleetway.provision.Provisioner;
import dev.fleetway.report.Envelope;
import dev.fleetway.report.Placement;
import dev.fleetway.report.ProvisionMethod;
import dev.fleetway.report.ProvisionResult;
import dev.fleetway.report.RunOutcome;
import dev.fleetway.tenant.Target;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fleetway tenants create ID}: a new tenant, created, migrated, granted and recorded in one step. */
@Command(name = "create", header = "Create a tenant: its database or schema, migrated, granted and recorded.",
        mixinStandardHelpOptions = true,
        description = { "Create tenant ID as its migration user: its own database (on the server of"
                + " fleetway.tenant-defaults.url, else the default database's) or, with --schema, a schema of that"
                + " database; bring it to the newest version; grant the app and monitor users; and record it in"
                + " fleetway.tenant-registry.table, else fleetway.tenants-file. With tenants only in configuration it"
                + " is created, not recorded, and the configuration to add is printed. With"
                + " fleetway.provision.template a database tenant is copied from a template database kept at the"
                + " newest version (migrated instead when its migrations use per-database values; the output says"
                + " so). An invalid id, an id in use, an existing database or schema, or a migration user without"
                + " the right to create one is refused before anything is created (exit 2); a failed migration"
                + " drops what was created (exit 1)." })
public class TenantsCreateCommand implements Callable<Integer> {
    @ParentCommand
    TenantsCommand tenants;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The new tenant's id: letters, digits, '_', '-' and '.'.")
    String id;

    @Option(names = "--database", paramLabel = "NAME", description = "Its database's name (default: tenant_ID).")
    String database;

    @Option(names = "--schema", paramLabel = "NAME",
            description = "Create schema NAME in the shared database instead of a database of its own.")
    String schema;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label of the tenant (repeatable).")
    List<String> labels = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (database != null && schema != null) {
            throw FleetwayException.usage("--database and --schema exclude each other — a tenant has its own database"
                    + " or a schema of the shared one");
        }
        Map<String, String> parsed = labels();
        NewTenant request = schema != null ? NewTenant.schema(id, schema, parsed)
                : NewTenant.database(id, Optional.ofNullable(database), parsed);
        Context ctx = tenants.top.context(spec, Map.of());
        ProvisionResult result = new Provisioner(ctx.fleet(), ctx.applyPolicy(new ApplyOptions())).create(request);
        if (result.recordedIn() == null) {
            boolean query = ctx.config().tenantQuery().filter(q -> !q.isBlank()).isPresent();
            ctx.err().println("warning: tenant '" + id + "' is not recorded: tenants come only from configuration"
                    + (query ? " and fleetway.tenant-query, which Fleetway does not write" : "")
                    + " (neither fleetway.tenant-registry.table nor fleetway.tenants-file is set) — add it to your"
                    + " configuration (config/application.yaml) as printed" + (ctx.json() ? " in 'configuration'" : "")
                    + (query ? ", or to what the tenant query reads" : ""));
            ctx.err().flush();
        }
        if (ctx.json()) {
            ctx.json(Envelope.of(ctx.command(), ExitCode.OK.code(), List.of(new Envelope.Entry(id,
                    Target.Kind.TENANT.label(), RunOutcome.OK, ExitCode.OK.code(), result, null)),
                    List.of(RunOutcome.values())));
            return ExitCode.OK.code();
        }
        ctx.say(describe(result));
        if (result.note() != null) {
            ctx.say("  " + result.note());
        }
        if (result.configuration() != null) {
            ctx.out().print(result.configuration());
            ctx.out().flush();
        }
        return ExitCode.OK.code();
    }

    /** One line for a created tenant. */
    static String describe(ProvisionResult r) {
        String where = r.placement() == Placement.DATABASE ? "db " + r.database()
                : "db " + r.database() + ", schema " + r.schema();
        String how = r.method() == ProvisionMethod.TEMPLATE
                ? "copied from template " + r.template() + (r.templateBuilt() ? " (built now)" : "")
                : "migrated (" + r.applied() + " migration(s))";
        return "tenant '" + r.target() + "' (" + where + "): created, " + how + ", at version "
                + UpgradeCommand.orNone(r.version()) + " in " + r.millis() + " ms"
                + (r.granted() == null ? "" : "; granted '" + r.granted() + "'")
                + (r.recordedIn() == null ? "; not recorded" : "; recorded in " + r.recordedIn());
    }

    private Map<String, String> labels() {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String label : labels) {
            int eq = label.indexOf('=');
            if (eq <= 0) {
                throw FleetwayException.usage("--label '" + label + "' is not KEY=VALUE — e.g. --label region=eu");
            }
            parsed.put(label.substring(0, eq).strip(), label.substring(eq + 1).strip());
        }
        return parsed;
    }
}
