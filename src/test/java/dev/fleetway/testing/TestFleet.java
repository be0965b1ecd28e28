package dev.fleetway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A fleet for one test: a default database, {@code databases} tenant databases and {@code schemas} tenant
 * schemas inside the default database, all owned by one migration user shared through
 * {@code fleetway.tenant-defaults}, plus one app user. Tenants are declared across the three sources in
 * turn: configuration ({@code config/application.yaml}), a tenants file, and a tenant query over a registry
 * table in the default database. {@link #close()} drops everything.
 */
public final class TestFleet implements AutoCloseable {
    public final String owner;
    public final String ownerPassword;
    public final String app;
    public final String defaultDb;
    public final List<String> tenantIds = new ArrayList<>();
    public final Map<String, String> tenantDatabase = new HashMap<>();
    public final Map<String, String> tenantSchema = new HashMap<>();
    public final Path workDir;
    public final Path migrations;
    private final List<String> databases = new ArrayList<>();
    private final TestPostgres pg = TestPostgres.get();

    public TestFleet(int databaseTenants, int schemaTenants) {
        ownerPassword = "own-" + UUID.randomUUID();
        owner = pg.createRole("fw_fleet_owner", ownerPassword, true);
        app = pg.createRole("fw_fleet_app", "app-" + UUID.randomUUID(), true);
        defaultDb = database("fw_fleet_default");
        String suffix = defaultDb.substring(defaultDb.lastIndexOf('_') + 1);
        for (int i = 0; i < databaseTenants; i++) {
            String id = "db" + i;
            tenantIds.add(id);
            tenantDatabase.put(id, database("fw_fleet_" + id));
            tenantSchema.put(id, "public");
        }
        for (int i = 0; i < schemaTenants; i++) {
            String id = "sc" + i;
            tenantIds.add(id);
            tenantDatabase.put(id, defaultDb);
            tenantSchema.put(id, "tenant_" + id + "_" + suffix);
        }
        try {
            workDir = Files.createTempDirectory("fleetway-fleet");
            migrations = workDir.resolve("migrations");
            TestDatabase.copySamples(migrations);
            declareTenants();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String database(String prefix) {
        String name = pg.createDatabase(prefix);
        databases.add(name);
        pg.execute(name, "ALTER DATABASE " + name + " OWNER TO " + owner, "ALTER SCHEMA public OWNER TO " + owner);
        return name;
    }

    /** Tenant i goes to configuration, the tenants file or the registry table, by i mod 3. */
    private void declareTenants() throws IOException {
        StringBuilder yaml = new StringBuilder("fleetway:\n  tenants:\n");
        StringBuilder file = new StringBuilder("tenants:\n");
        List<String> registry = new ArrayList<>();
        for (int i = 0; i < tenantIds.size(); i++) {
            String id = tenantIds.get(i);
            String fields = "{url: '" + pg.jdbcUrl(tenantDatabase.get(id)) + "', schema: " + tenantSchema.get(id) + "}";
            switch (i % 3) {
                case 0 -> yaml.append("    ").append(id).append(": ").append(fields).append('\n');
                case 1 -> file.append("  ").append(id).append(": ").append(fields).append('\n');
                default -> registry.add("('" + id + "', '" + pg.jdbcUrl(tenantDatabase.get(id)) + "', '"
                        + tenantSchema.get(id) + "')");
            }
        }
        Files.createDirectories(workDir.resolve("config"));
        Files.writeString(workDir.resolve("config/application.yaml"), yaml);
        Files.writeString(workDir.resolve("tenants.yaml"), file);
        pg.execute(defaultDb, "CREATE SCHEMA registry AUTHORIZATION " + owner,
                "CREATE TABLE registry.tenant_registry (id text PRIMARY KEY, jdbc_url text, schema text)",
                "ALTER TABLE registry.tenant_registry OWNER TO " + owner);
        if (!registry.isEmpty()) {
            pg.execute(defaultDb, "INSERT INTO registry.tenant_registry VALUES " + String.join(", ", registry));
        }
    }

    /** The environment of a deployment of this fleet. */
    public Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", pg.jdbcUrl(defaultDb));
        env.put("DB__USER", owner);
        env.put("DB__PASSWORD", ownerPassword);
        env.put("FLEETWAY_DEFAULT_APP_USER_USERNAME", app);
        env.put("FLEETWAY_TENANT_DEFAULTS_MIGRATION_USER_USERNAME", owner);
        env.put("FLEETWAY_TENANT_DEFAULTS_MIGRATION_USER_PASSWORD", ownerPassword);
        env.put("FLEETWAY_TENANT_DEFAULTS_APP_USER_USERNAME", app);
        env.put("FLEETWAY_TENANTS_FILE", workDir.resolve("tenants.yaml").toString());
        env.put("FLEETWAY_TENANT_QUERY", "SELECT id, jdbc_url, schema FROM registry.tenant_registry");
        env.put("FLEETWAY_CONFIG_DIR", workDir.toString());
        return env;
    }

    public CliResult fleetway(String... args) {
        return fleetwayWith(env(), args);
    }

    public CliResult fleetwayWith(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--migrations");
        all.add(migrations.toString());
        return Cli.run(env, workDir, all.toArray(String[]::new));
    }

    /** Runs SQL as the owner in a tenant's database, with the tenant's schema first on the search path. */
    public List<String> queryTenant(String id, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(tenantDatabase.get(id)), owner, ownerPassword);
                Statement s = c.createStatement()) {
            s.execute("SET search_path TO \"" + tenantSchema.get(id) + "\"");
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        }
    }

    public void executeInTenant(String id, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(tenantDatabase.get(id)), owner, ownerPassword);
                Statement s = c.createStatement()) {
            s.execute("SET search_path TO \"" + tenantSchema.get(id) + "\"");
            s.execute(sql);
        }
    }

    @Override
    public void close() {
        databases.forEach(pg::dropDatabase);
        pg.dropRole(owner);
        pg.dropRole(app);
    }
}
