package dev.fleetway.testing;

import java.io.IOException;
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
 * A server to create tenants on ({@code tenants create}): a default database ({@link TestDatabase}) whose owner may
 * create databases, an app user and a monitor user, a tenants file, and templates switched on
 * ({@code fleetway.provision.template}). {@link #env()} is the deployment's environment; {@link #close()} drops
 * every database the owner made (tenants and templates), then the rest.
 */
public final class TenantServer implements AutoCloseable {
    public final TestDatabase db;
    public final String monitor;
    public final String monitorPassword = "mon-" + UUID.randomUUID();
    public final Path tenantsFile;
    private final TestPostgres pg = TestPostgres.get();

    public TenantServer() throws IOException {
        this.db = new TestDatabase();
        this.monitor = pg.createRole("fw_monitor", monitorPassword, true);
        pg.execute(db.name, "ALTER ROLE " + db.owner + " CREATEDB");
        this.tenantsFile = db.workDir.resolve("tenants.yaml");
        Files.writeString(tenantsFile, "# tenants of this test\ntenants: {}\n");
    }

    /** A database name no other test uses. */
    public static String uniqueName(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    public Map<String, String> env() {
        Map<String, String> env = new HashMap<>(db.env());
        env.put("FLEETWAY_TENANT_DEFAULTS_MIGRATION_USER_USERNAME", db.owner);
        env.put("FLEETWAY_TENANT_DEFAULTS_MIGRATION_USER_PASSWORD", db.ownerPassword);
        env.put("FLEETWAY_TENANT_DEFAULTS_APP_USER_USERNAME", db.app);
        env.put("FLEETWAY_TENANT_DEFAULTS_MONITOR_USER_USERNAME", monitor);
        env.put("FLEETWAY_TENANT_DEFAULTS_MONITOR_USER_PASSWORD", monitorPassword);
        env.put("FLEETWAY_TENANTS_FILE", tenantsFile.toString());
        env.put("FLEETWAY_PROVISION_TEMPLATE", "true");
        return env;
    }

    /** Runs Fleetway in-process with {@link #env()}. */
    public CliResult fleetway(String... args) {
        return db.fleetwayWith(env(), args);
    }

    public CliResult fleetwayWith(Map<String, String> env, String... args) {
        return db.fleetwayWith(env, args);
    }

    /** {@code args} followed by this server's {@code --migrations}, for a packaged run. */
    public String[] withMigrations(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--migrations");
        all.add(db.migrations.toString());
        return all.toArray(String[]::new);
    }

    /** Connects to {@code database} as the owner. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(database), db.owner, db.ownerPassword);
    }

    /** The first column of every row of {@code sql}, run as the owner in {@code database}. */
    public List<String> query(String database, String sql) throws SQLException {
        try (Connection c = connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows;
        }
    }

    /** The databases the owner made (tenants and templates), sorted. */
    public List<String> ownedDatabases() throws SQLException {
        return query(db.name, "SELECT datname FROM pg_database WHERE datdba = (SELECT oid FROM pg_roles WHERE"
                + " rolname = current_user) AND datname <> current_database() ORDER BY 1");
    }

    /** The template databases the owner made, sorted. */
    public List<String> templates() throws SQLException {
        return ownedDatabases().stream().filter(d -> d.startsWith("fleetway_template_")).toList();
    }

    /** Every history row but its times, in order. */
    public List<String> history(String database, String schema) throws SQLException {
        return query(database, "SELECT concat_ws('|', installed_rank, version, description, type, script, checksum,"
                + " installed_by, success) FROM \"" + schema + "\".flyway_schema_history ORDER BY installed_rank");
    }

    @Override
    public void close() throws SQLException {
        for (String database : ownedDatabases()) {
            pg.dropDatabase(database);
        }
        db.close();
        pg.dropRole(monitor);
    }
}
