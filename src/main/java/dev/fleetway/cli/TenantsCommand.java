package dev.fleetway.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import com.github.freva.asciitable.AsciiTable;
import com.github.freva.asciitable.Column;
import com.github.freva.asciitable.HorizontalAlign;

import dev.fleetway.ExitCode;
import dev.fleetway.db.Credentials;
import dev.fleetway.report.AuditTable;
import dev.fleetway.report.Envelope;
import dev.fleetway.report.RunOutcome;
import dev.fleetway.tenant.Target;
import dev.fleetway.tenant.TenantSpec;

import io.quarkus.runtime.annotations.RegisterForReflection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fleetway tenants}: the configured tenants, where each was declared, and where it lives (no secrets). */
@Command(name = "tenants", header = "List the tenants from every source, without secrets.", mixinStandardHelpOptions = true,
        description = { "List the tenants from every source (configuration, tenants file, tenant query, tenant",
                "registry) with their source, database (host/port/db, no credentials), schema and users. Connects",
                "only to run the tenant query or read the registry, if one is configured. 'tenants create' and",
                "'tenants drop' add and remove one." },
        subcommands = { TenantsCreateCommand.class, TenantsDropCommand.class })
public class TenantsCommand implements Callable<Integer> {
    @ParentCommand
    FleetwayCommand top;

    @Spec
    CommandSpec spec;

    /** One listed tenant. */
    @RegisterForReflection
    record Row(String id, String source, String database, String schema, Map<String, String> labels,
            String migrationUser, String appUser) {
    }

    @Override
    public Integer call() throws Exception {
        Context ctx = top.context(spec, Map.of());
        List<TenantSpec> specs = ctx.fleet().tenants().specs();
        List<Target> targets = ctx.targets().tenants(specs);
        List<Row> rows = new ArrayList<>();
        for (Target t : targets) {
            String source = specs.stream().filter(s -> s.id().equals(t.id())).findFirst().orElseThrow().source();
            rows.add(new Row(t.id(), source, t.connection().display(), t.schema(), new TreeMap<>(t.labels()), t.migrationUser().map(Credentials::username).orElse(null),
                    t.appUser().orElse(null)));
        }
        if (ctx.json()) {
            List<Envelope.Entry> entries = rows.stream().map(r -> new Envelope.Entry(r.id(), Target.Kind.TENANT.label(),
                    RunOutcome.OK, ExitCode.OK.code(), r, null)).toList();
            ctx.json(Envelope.of(ctx.command(), ExitCode.OK.code(), entries, List.of(RunOutcome.OK)));
        } else {
            ctx.out().println(AsciiTable.getTable(AsciiTable.BASIC_ASCII_NO_DATA_SEPARATORS, rows, List.of(
                    col("ID").with(Row::id), col("SOURCE").with(Row::source), col("DATABASE").with(Row::database),
                    col("SCHEMA").with(Row::schema),
                    col("LABELS").with(r -> r.labels().isEmpty() ? "-" : AuditTable.labels(r.labels())), col("MIGRATION USER").with(Row::migrationUser),
                    col("APP USER").with(r -> r.appUser() == null ? "-" : r.appUser()))));
            ctx.out().println(rows.size() + " tenant(s)");
            ctx.out().flush();
        }
        return ExitCode.OK.code();
    }

    private static Column col(String name) {
        return new Column().header(name).headerAlign(HorizontalAlign.LEFT).dataAlign(HorizontalAlign.LEFT);
    }
}
