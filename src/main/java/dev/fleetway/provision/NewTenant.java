package dev.fleetway.provision;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import dev.fleetway.FleetwayException;
import dev.fleetway.db.ConnectionString;
import dev.fleetway.report.Placement;
import dev.fleetway.tenant.TenantDirectory;
import dev.fleetway.tenant.TenantRegistry;
import dev.fleetway.tenant.TenantSpec;

/**
 * A tenant {@code tenants create} is asked to make.
 *
 * @param placement a database of its own, or a schema
 * @param name the database's or the schema's name
 * @param labels its labels; empty for none
 */
public record NewTenant(String id, Placement placement, String name, Map<String, String> labels) {
    /** Where a tenant created by the command line says it was declared. */
    static final String SOURCE = "tenants create";
    private static final int MAX_NAME_BYTES = 63;
    /** Fleetway's own databases and schemas: {@link TenantDirectory#TEMPLATE_PREFIX}, drift's scratch objects. */
    private static final String RESERVED_PREFIX = "fleetway_";

    public NewTenant {
        labels = Map.copyOf(labels);
    }

    /** A tenant in a database of its own, {@code database} or else {@code tenant_<id>}. */
    public static NewTenant database(String id, Optional<String> database, Map<String, String> labels) {
        return new NewTenant(id, Placement.DATABASE, database.orElse("tenant_" + id), labels);
    }

    /** A tenant in schema {@code schema} of the shared database. */
    public static NewTenant schema(String id, String schema, Map<String, String> labels) {
        return new NewTenant(id, Placement.SCHEMA, schema, labels);
    }

    /**
     * Refuses a name PostgreSQL would cut or Fleetway keeps for itself.
     *
     * @throws FleetwayException (exit 2) saying which option to change
     */
    void checkName() {
        String option = placement == Placement.DATABASE ? "--database" : "--schema";
        if (name.isBlank() || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw FleetwayException.usage(placement.label() + " name '" + name + "' of tenant '" + id + "' is "
                    + (name.isBlank() ? "empty" : "longer than PostgreSQL's 63 bytes") + " — give another with "
                    + option + " NAME");
        }
        if (!name.matches("[A-Za-z0-9_][A-Za-z0-9_.\\-]*")) {
            throw FleetwayException.usage(placement.label() + " name '" + name + "' of tenant '" + id + "' is not"
                    + " valid — use letters, digits, '_', '-' and '.' (it goes into a URL), with " + option + " NAME");
        }
        // Fleetway drops databases and schemas of its own names: older templates, drift's leftover scratch objects.
        if (name.startsWith(RESERVED_PREFIX) || placement == Placement.SCHEMA
                && (name.startsWith("pg_") || name.equals("information_schema") || name.equals("public"))) {
            throw FleetwayException.usage(placement.label() + " name '" + name + "' is reserved (" + RESERVED_PREFIX
                    + "… for Fleetway's templates and scratch databases, PostgreSQL's schemas, public) — give another"
                    + " with " + option + " NAME");
        }
    }

    /** The declaration it gets: its database's URL on {@code server} (no credentials), or its schema. */
    TenantSpec spec(ConnectionString server) {
        TenantRegistry.Row row = row(server);
        return new TenantSpec(id, SOURCE, row.url(), row.schema(), TenantSpec.Login.NONE, TenantSpec.Login.NONE,
                Optional.empty(), labels, Map.of(), Optional.empty());
    }

    /** What is recorded of it. */
    TenantRegistry.Row row(ConnectionString server) {
        return placement == Placement.DATABASE
                ? new TenantRegistry.Row(id, Optional.of(new ConnectionString(server.hosts(), name, server.parameters(),
                        Optional.empty(), Optional.empty()).jdbcUrl()), Optional.empty(), labels)
                : new TenantRegistry.Row(id, Optional.empty(), Optional.of(name), labels);
    }
}
