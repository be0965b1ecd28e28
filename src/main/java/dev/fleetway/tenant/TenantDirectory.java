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
 * Every tenant of the fleet, merged from the three sources: configuration ({@code fleetway.tenants.*} in
 * any layer), the tenants file ({@code fleetway.tenants-file}) and the tenant query
 * ({@code fleetway.tenant-query}, run on the default database). An id declared by two sources is an error.
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
        if (query.isPresent()) {
            Target registry = targets.defaultTarget();
            try (Connection c = connector.connect(registry.connection(), registry.migrationUser().orElse(registry.readUser()),
                    registry.describe())) {
                c.setReadOnly(true);
                specs.addAll(TenantQuery.run(c, query.get()));
            }
        }
        return specs;
    }

    /** The tenants as targets, ordered by id. */
    public List<Target> tenants() throws SQLException {
        return targets.tenants(specs());
    }

    /** The targets a selection names, default database first. */
    public List<Target> select(Selection selection) throws SQLException {
        if (!selection.isFleet()) {
            return List.of(targets.defaultTarget());
        }
        Optional<Target> defaultTarget = targets.hasDefault() ? Optional.of(targets.defaultTarget()) : Optional.empty();
        return selection.apply(defaultTarget, tenants());
    }
}
