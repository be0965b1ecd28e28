package dev.fleetway.tenant;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.fleetway.config.FleetwayConfig;
import dev.fleetway.db.Connector;

/**
 * Every tenant of the fleet, merged from its sources: configuration ({@code fleetway.tenants.*} in any layer),
 * the tenants file ({@code fleetway.tenants-file}), the tenant query ({@code fleetway.tenant-query}, run on the
 * default database) and the tenant registry ({@code fleetway.tenant-registry.table}, a table of the default
 * database). An id declared by two sources is an error.
 */
public final class TenantDirectory {
    private final FleetwayConfig config;
    private final Targets targets;
    private final Connector connector;

    public TenantDirectory(FleetwayConfig config, Connector connector) {
        this.config = config;
        this.targets = new Targets(config);
        this.connector = connector;
    }

    /** All declarations, in source order, before merging. */
    public List<TenantSpec> specs() throws SQLException {
        List<TenantSpec> specs = new ArrayList<>(targets.configuredTenants());
        config.tenantsFile().filter(f -> !f.isBlank()).map(Path::of).ifPresent(f -> specs.addAll(TenantsFile.read(f)));
        Optional<String> query = config.tenantQuery().filter(q -> !q.isBlank());
        Optional<TenantRegistry> registry = registry();
        if (query.isPresent() || registry.isPresent()) {
            Target home = targets.defaultTarget();
            try (Connection c = connector.connect(home.connection(), home.migrationUser().orElse(home.readUser()),
                    home.describe())) {
                c.setReadOnly(true);
                if (query.isPresent()) {
                    specs.addAll(TenantQuery.run(c, query.get()));
                }
                if (registry.isPresent()) {
                    specs.addAll(registry.get().read(c));
                }
            }
        }
        return specs;
    }

    /** The tenant registry table ({@code fleetway.tenant-registry.table}), when one is configured. */
    public Optional<TenantRegistry> registry() {
        return config.tenantRegistry().table().filter(t -> !t.isBlank()).map(TenantRegistry::new);
    }

    /**
     * The tenants as targets, ordered by id. A database whose name starts with {@link #TEMPLATE_PREFIX} is never a
     * tenant, even when a source lists it (a query over {@code pg_database}, say).
     */
    public List<Target> tenants() throws SQLException {
        return targets.tenants(specs()).stream()
                .filter(t -> !t.connection().database().startsWith(TEMPLATE_PREFIX)).toList();
    }

    /**
     * The start of the names of the template databases {@code tenants create} keeps
     * ({@code provision.TemplateDatabase}); they are left out of the fleet, and so of every command over it.
     */
    public static final String TEMPLATE_PREFIX = "fleetway_template_";

    /** The targets a selection names, default database first. */
    public List<Target> select(Selection selection) throws SQLException {
        if (!selection.isFleet()) {
            return List.of(targets.defaultTarget());
        }
        Optional<Target> defaultTarget = targets.hasDefault() ? Optional.of(targets.defaultTarget()) : Optional.empty();
        return selection.apply(defaultTarget, tenants());
    }
}
