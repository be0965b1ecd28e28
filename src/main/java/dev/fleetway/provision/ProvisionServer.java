package dev.fleetway.provision;

import static dev.fleetway.db.Sql.ident;
import static dev.fleetway.db.Sql.literal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import dev.fleetway.FleetwayException;
import dev.fleetway.db.AdvisoryLock;
import dev.fleetway.db.ConnectionString;
import dev.fleetway.db.Connector;
import dev.fleetway.db.Credentials;
import dev.fleetway.tenant.TenantDirectory;

/**
 * One connection, as a tenant's migration user, to the database that new tenants are made from: the database of
 * {@code fleetway.tenant-defaults.url}, else the default database. Databases are created, cloned, renamed and
 * dropped through it (never on a connection to the database concerned), schema tenants are created in it, and it
 * holds the provisioning lock: an advisory lock of that database that every {@code tenants create} and
 * {@code tenants drop} against it takes around template builds, clones and record changes.
 */
final class ProvisionServer implements AutoCloseable {
    /** The lock's "schema" part: no schema can be named so, so it never meets a target's lock. */
    private static final String LOCK = "fleetway:provision";
    private static final String DUPLICATE_DATABASE = "42P04";
    private static final String DUPLICATE_SCHEMA = "42P06";

    private final Connection connection;
    private final ConnectionString where;

    private ProvisionServer(Connection connection, ConnectionString where) {
        this.connection = connection;
        this.where = where;
    }

    /**
     * Connects (retrying while the server is unreachable, see {@link Connector}).
     *
     * @throws FleetwayException exit 3 when unreachable or the login is refused
     */
    static ProvisionServer open(Connector connector, ConnectionString where, Credentials login) {
        return new ProvisionServer(connector.connect(where, login, describe(where)), where);
    }

    static String describe(ConnectionString where) {
        return "server " + where.hosts() + " (db " + where.database() + ")";
    }

    String describe() {
        return describe(where);
    }

    Connection connection() {
        return connection;
    }

    /** The database connected to (no credentials). */
    ConnectionString where() {
        return where;
    }

    /**
     * Takes the provisioning lock, waiting at most {@code wait}.
     *
     * @throws FleetwayException exit 5 naming the holder when the wait runs out
     */
    AdvisoryLock lock(Duration wait, Consumer<String> waiting) throws SQLException {
        return AdvisoryLock.acquire(connection, where.database(), LOCK, describe() + " (tenants create/drop)", wait,
                waiting);
    }

    boolean databaseExists(String name) throws SQLException {
        return one("SELECT count(*) > 0 FROM pg_database WHERE datname = ?", name);
    }

    boolean schemaExists(String name) throws SQLException {
        return one("SELECT count(*) > 0 FROM pg_namespace WHERE nspname = ?", name);
    }

    /** Whether the login may create databases (CREATEDB, or a superuser). */
    boolean mayCreateDatabases() throws SQLException {
        return one("SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user");
    }

    /** Whether the login may create schemas in this database. */
    boolean mayCreateSchemas() throws SQLException {
        return one("SELECT has_database_privilege(current_database(), 'CREATE')");
    }

    /** Whether the login may drop database {@code name}: it owns it, or is a superuser. */
    boolean mayDrop(String name) throws SQLException {
        return one("SELECT pg_has_role(current_user, d.datdba, 'USAGE') OR (SELECT rolsuper FROM pg_roles WHERE"
                + " rolname = current_user) FROM pg_database d WHERE d.datname = ?", name);
    }

    /** The sessions connected to database {@code name}, this login's or not. */
    int sessions(String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * Creates database {@code name}, owned by the login, empty or as a copy of {@code template}.
     *
     * @throws FleetwayException (exit 2) when a database of that name exists by now
     */
    void createDatabase(String name, Optional<String> template) throws SQLException {
        try {
            execute("CREATE DATABASE " + ident(name) + template.map(t -> " TEMPLATE " + ident(t)).orElse(""));
        } catch (SQLException e) {
            if (DUPLICATE_DATABASE.equals(e.getSQLState())) {
                throw FleetwayException.usage(describe() + ": database '" + name + "' already exists — choose another"
                        + " name with --database");
            }
            throw e;
        }
    }

    /**
     * Creates schema {@code name} in this database, owned by the login.
     *
     * @throws FleetwayException (exit 2) when a schema of that name exists by now
     */
    void createSchema(String name) throws SQLException {
        try {
            execute("CREATE SCHEMA " + ident(name));
        } catch (SQLException e) {
            if (DUPLICATE_SCHEMA.equals(e.getSQLState())) {
                throw FleetwayException.usage(describe() + ": schema '" + name + "' already exists — choose another"
                        + " name with --schema");
            }
            throw e;
        }
    }

    void dropDatabase(String name) throws SQLException {
        execute("DROP DATABASE IF EXISTS " + ident(name));
    }

    void dropSchema(String name) throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + ident(name) + " CASCADE");
    }

    void comment(String database, String text) throws SQLException {
        execute("COMMENT ON DATABASE " + ident(database) + " IS " + literal(text));
    }

    /** Nobody (no superuser either) may connect to it any more: a template's copies would otherwise fail. */
    void closeToConnections(String database) throws SQLException {
        execute("ALTER DATABASE " + ident(database) + " ALLOW_CONNECTIONS false");
    }

    void rename(String from, String to) throws SQLException {
        execute("ALTER DATABASE " + ident(from) + " RENAME TO " + ident(to));
    }

    /** The template databases on this server ({@link TenantDirectory#TEMPLATE_PREFIX}), by name, with their comments. */
    Map<String, String> templates() throws SQLException {
        Map<String, String> templates = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT datname, coalesce(shobj_description(oid,"
                + " 'pg_database'), '') FROM pg_database WHERE starts_with(datname, ?) ORDER BY datname")) {
            ps.setString(1, TenantDirectory.TEMPLATE_PREFIX);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    templates.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return templates;
    }

    private boolean one(String sql, String... parameters) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
