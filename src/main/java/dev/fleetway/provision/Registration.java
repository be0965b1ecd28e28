package dev.fleetway.provision;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.fleetway.config.FleetwayConfig;
import dev.fleetway.db.Connector;
import dev.fleetway.tenant.Target;
import dev.fleetway.tenant.Targets;
import dev.fleetway.tenant.TenantRegistry;
import dev.fleetway.tenant.TenantsFile;
import dev.fleetway.tenant.TenantsFileEditor;

/**
 * Where a tenant is recorded, so that the next run finds it: the tenant registry table
 * ({@code fleetway.tenant-registry.table}) when one is configured, else the tenants file
 * ({@code fleetway.tenants-file}), else nowhere (tenants come only from configuration, which Fleetway does not
 * write: the operator adds what {@link #configuration} gives). The registry is written as the default database's
 * migration user.
 */
final class Registration {
    private final Optional<TenantRegistry> registry;
    private final Optional<Path> file;
    private final FleetwayConfig config;
    private final Connector connector;

    private Registration(Optional<TenantRegistry> registry, Optional<Path> file, FleetwayConfig config,
            Connector connector) {
        this.registry = registry;
        this.file = file;
        this.config = config;
        this.connector = connector;
    }

    /** Where {@code tenants create} records a new tenant. */
    static Registration forNew(FleetwayConfig config, Optional<TenantRegistry> registry, Connector connector) {
        Optional<Path> file = registry.isPresent() ? Optional.empty() : tenantsFile(config);
        return new Registration(registry, file, config, connector);
    }

    /** Where a tenant declared by {@code source} is recorded; nowhere Fleetway writes for configuration or a query. */
    static Registration forSource(String source, FleetwayConfig config, Optional<TenantRegistry> registry,
            Connector connector) {
        Optional<TenantRegistry> fromRegistry = registry.filter(r -> r.source().equals(source));
        Optional<Path> fromFile = tenantsFile(config).filter(f -> TenantsFile.source(f).equals(source));
        return new Registration(fromRegistry, fromFile, config, connector);
    }

    private static Optional<Path> tenantsFile(FleetwayConfig config) {
        return config.tenantsFile().filter(f -> !f.isBlank()).map(Path::of);
    }

    /** Whether a tenant is recorded anywhere. */
    boolean records() {
        return registry.isPresent() || file.isPresent();
    }

    /** {@code tenant registry TABLE} or {@code tenants file PATH}; empty when nowhere. */
    Optional<String> where() {
        return registry.map(TenantRegistry::source).or(() -> file.map(TenantsFile::source));
    }

    /**
     * Checks, changing nothing, that {@code row} can be recorded.
     *
     * @throws dev.fleetway.FleetwayException (exit 2) saying what is wrong and how to fix it
     */
    void checkAdd(TenantRegistry.Row row) throws SQLException {
        if (registry.isPresent()) {
            try (Connection c = registryConnection()) {
                registry.get().checkWritable(c, row);
            }
        }
        file.ifPresent(TenantsFileEditor::checkWritable);
    }

    /** Records {@code row}; call under the provisioning lock (the file is read, changed and replaced). */
    void add(TenantRegistry.Row row) throws SQLException {
        if (registry.isPresent()) {
            try (Connection c = registryConnection()) {
                registry.get().insert(c, row);
            }
        }
        file.ifPresent(f -> TenantsFileEditor.add(f, row.id(), fields(row)));
    }

    /** Checks, changing nothing, that a record can be removed. */
    void checkRemove() throws SQLException {
        if (registry.isPresent()) {
            try (Connection c = registryConnection()) {
                registry.get().checkDeletable(c);
            }
        }
        file.ifPresent(TenantsFileEditor::checkWritable);
    }

    /** Removes the record of {@code id}; false when there was none. Call under the provisioning lock. */
    boolean remove(String id) throws SQLException {
        if (registry.isPresent()) {
            try (Connection c = registryConnection()) {
                return registry.get().delete(c, id);
            }
        }
        return file.map(f -> TenantsFileEditor.remove(f, id)).orElse(false);
    }

    /** The configuration that declares {@code row}, for an operator to add when it is recorded nowhere. */
    static String configuration(TenantRegistry.Row row) {
        return "fleetway:\n  tenants:\n    " + TenantsFileEditor.entry(row.id(), fields(row)) + "\n";
    }

    /** A row's fields as the tenants file writes them. */
    private static Map<String, Object> fields(TenantRegistry.Row row) {
        Map<String, Object> fields = new LinkedHashMap<>();
        row.url().ifPresent(u -> fields.put("url", u));
        row.schema().ifPresent(s -> fields.put("schema", s));
        if (!row.labels().isEmpty()) {
            fields.put("labels", new java.util.TreeMap<>(row.labels()));
        }
        return fields;
    }

    private Connection registryConnection() {
        Target home = new Targets(config).defaultTarget();
        return connector.connect(home.connection(), home.migrationLogin(), home.describe() + ", "
                + registry.map(TenantRegistry::source).orElse(""));
    }
}
