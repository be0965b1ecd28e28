package dev.fleetway.drift;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.config.FleetwayConfig;
import dev.fleetway.config.FleetwayConfig.UserConfig;
import dev.fleetway.db.ConnectionString;
import dev.fleetway.db.Connector;
import dev.fleetway.db.Credentials;
import dev.fleetway.db.Sql;
import dev.fleetway.db.SqlState;
import dev.fleetway.tenant.Target;
import dev.fleetway.tenant.Targets;

/**
 * Where {@code drift} and {@code verify} build reference schemas, for one run, dropped when it ends:
 * <ul>
 * <li>{@code fleetway.dev-url} ({@code --dev-url}), a database that must hold nothing else: schemas in it;</li>
 * <li>else, when the default database's migration user may create databases, a temporary database on its server;</li>
 * <li>else schemas in the default database itself.</li>
 * </ul>
 * Everything a run creates is named {@code fleetway_scratch_<run>} (the database) or {@code fleetway_scratch_<run>_<n>}
 * (schemas), and the run holds a session-level advisory lock keyed on {@code fleetway_scratch_<run>} for as long as it
 * lives, so a killed run's lock is released by the server. Each run starts by removing the scratch objects whose lock
 * it can take and that no other session holds, in any database: a crashed run's leftovers go, a concurrent run's stay.
 * Thread-safe.
 */
public final class Scratch implements AutoCloseable {
    /** The start of every scratch object's name. */
    public static final String PREFIX = "fleetway_scratch_";
    private static final Logger LOG = Logger.getLogger(Scratch.class);

    /** Which kind of scratch space a run got. */
    public enum Mode {
        /** Schemas in the given development database. */
        DEV_DATABASE,
        /** A database of its own, created and dropped. */
        TEMPORARY_DATABASE,
        /** Schemas in the default database. */
        TEMPORARY_SCHEMAS
    }

    private final Connector connector;
    private final Mode mode;
    private final String name;
    private final ConnectionString where;
    private final Credentials login;
    private final Connection home;
    private final Connection local;
    private final AtomicInteger schemas = new AtomicInteger();
    private final Thread onExit = new Thread(this::closeQuietly, "fleetway-scratch-cleanup");
    private boolean closed;

    private Scratch(Connector connector, Mode mode, String name, ConnectionString where, Credentials login,
            Connection home, Connection local) {
        this.connector = connector;
        this.mode = mode;
        this.name = name;
        this.where = where;
        this.login = login;
        this.home = home;
        this.local = local;
    }

    /**
     * Opens the run's scratch space (see the class comment), after removing leftovers of crashed runs.
     *
     * @throws FleetwayException exit 2 for a malformed or non-empty {@code fleetway.dev-url}, no default database
     *         and no dev URL, or a migration user that may create neither a database nor a schema; exit 3 when the
     *         server cannot be reached
     */
    public static Scratch open(FleetwayConfig config, Connector connector) throws SQLException {
        String run = PREFIX + randomId();
        Optional<String> devUrl = config.devUrl().filter(u -> !u.isBlank());
        if (devUrl.isPresent()) {
            ConnectionString dev = parseDevUrl(devUrl.get());
            Credentials login = devLogin(config, dev);
            Connection c = connector.connect(dev, login, "development database (" + dev.display() + ")");
            return start(connector, Mode.DEV_DATABASE, run, dev, login, c, c);
        }
        Targets targets = new Targets(config);
        if (!targets.hasDefault()) {
            throw FleetwayException.usage("no scratch database: set --dev-url (fleetway.dev-url) to an empty database,"
                    + " or configure the default database (fleetway.default.url, DATABASE_URL) so that a temporary"
                    + " one can be made on its server");
        }
        Target main = targets.defaultTarget();
        Credentials login = main.migrationLogin();
        Connection c = connector.connect(main.connection(), login, main.describe());
        try {
            if (!mayCreateDatabases(c)) {
                return start(connector, Mode.TEMPORARY_SCHEMAS, run, main.connection(), login, c, c);
            }
            ConnectionString scratch = new ConnectionString(main.connection().hosts(), run,
                    main.connection().parameters(), Optional.empty(), Optional.empty());
            return start(connector, Mode.TEMPORARY_DATABASE, run, scratch, login, c, null);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static Scratch start(Connector connector, Mode mode, String run, ConnectionString where,
            Credentials login, Connection home, Connection local) throws SQLException {
        try {
            Leftovers.lock(home, run);
            Leftovers.sweep(home);
            if (mode == Mode.DEV_DATABASE) {
                requireEmpty(home, where);
            }
            Connection scratch = local;
            if (mode == Mode.TEMPORARY_DATABASE) {
                try (Statement s = home.createStatement()) {
                    s.execute("CREATE DATABASE " + Sql.ident(run) + " TEMPLATE template0");
                }
                scratch = connector.connect(where, login, "scratch database (" + where.display() + ")");
            }
            Scratch opened = new Scratch(connector, mode, run, where, login, home, scratch);
            Runtime.getRuntime().addShutdownHook(opened.onExit);
            return opened;
        } catch (SQLException | RuntimeException e) {
            home.close();
            throw e;
        }
    }

    private static ConnectionString parseDevUrl(String url) {
        try {
            return ConnectionString.parse(url);
        } catch (FleetwayException e) {
            throw new FleetwayException(e.exitCode(), "--dev-url (fleetway.dev-url): " + e.getMessage(), e);
        }
    }

    /** The dev URL's own credentials, else the default database's migration user. */
    private static Credentials devLogin(FleetwayConfig config, ConnectionString dev) {
        Optional<UserConfig> user = config.defaultDatabase().migrationUser();
        Optional<String> name = dev.user().or(() -> user.flatMap(UserConfig::username));
        Optional<String> password = dev.password().or(() -> user.flatMap(UserConfig::password));
        if (name.isEmpty() || password.isEmpty()) {
            throw FleetwayException.usage("no login for the development database " + dev.display() + " — put the user"
                    + " and password in --dev-url (postgresql://USER:PASSWORD@HOST/DB), or set the default database's"
                    + " migration user (DB__USER and DB__PASSWORD)");
        }
        return new Credentials(name.get(), password.get());
    }

    private static boolean mayCreateDatabases(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /**
     * Refuses a development database that holds anything but scratch schemas: {@code drift} and {@code verify}
     * compare whole schemas and must not mistake someone's objects for a migration's.
     */
    private static void requireEmpty(Connection c, ConnectionString dev) throws SQLException {
        String sql = "SELECT what FROM ("
                + " SELECT 'schema ' || nspname AS what FROM pg_namespace WHERE nspname NOT IN ('public',"
                + " 'information_schema') AND nspname NOT LIKE 'pg\\_%' AND nspname NOT LIKE ?"
                + " UNION ALL SELECT 'relation ' || n.nspname || '.' || k.relname FROM pg_class k JOIN pg_namespace n"
                + " ON n.oid = k.relnamespace WHERE n.nspname = 'public' AND k.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"
                + " AND NOT EXISTS (SELECT 1 FROM pg_depend d"
                + " WHERE d.classid = 'pg_class'::regclass AND d.objid = k.oid AND d.deptype = 'e')"
                + " UNION ALL SELECT 'function ' || n.nspname || '.' || p.proname FROM pg_proc p JOIN pg_namespace n"
                + " ON n.oid = p.pronamespace WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_depend d"
                + " WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')) o LIMIT 1";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, PREFIX.replace("_", "\\_") + "%");
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    throw FleetwayException.usage("--dev-url (fleetway.dev-url): database '" + dev.database() + "' on "
                            + dev.hosts() + " is not empty (it has " + rs.getString(1) + ") — give an empty database"
                            + " that Fleetway may fill and clear, e.g. CREATE DATABASE app_dev");
                }
            }
        }
    }

    public Mode mode() {
        return mode;
    }

    /** The database the scratch schemas are in. */
    public ConnectionString where() {
        return where;
    }

    /** How messages name the scratch space. */
    public String describe() {
        return switch (mode) {
            case DEV_DATABASE -> "development database " + where.display();
            case TEMPORARY_DATABASE -> "scratch database " + where.display();
            case TEMPORARY_SCHEMAS -> "scratch schemas " + name + "_* in " + where.display();
        };
    }

    /**
     * Creates a new empty schema for one reference and returns its name.
     *
     * @throws FleetwayException (exit 2) when the login may not create schemas there
     */
    public synchronized String newSchema() throws SQLException {
        String schema = name + "_" + schemas.incrementAndGet();
        try (Statement s = local.createStatement()) {
            s.execute("CREATE SCHEMA " + Sql.ident(schema));
        } catch (SQLException e) {
            if (SqlState.isConnectionLoss(e)) {
                throw e;
            }
            throw new FleetwayException(ExitCode.USAGE, "cannot create a scratch schema in " + where.display() + " as '"
                    + login.username() + "' (" + FleetwayException.firstLine(e.getMessage()) + ") — grant it CREATE"
                    + " on that database or CREATEDB, or set --dev-url (fleetway.dev-url) to an empty database it owns",
                    e);
        }
        return schema;
    }

    /** Drops one of this run's schemas and what is in it. */
    public synchronized void dropSchema(String schema) throws SQLException {
        try (Statement s = local.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + Sql.ident(schema) + " CASCADE");
        }
    }

    /** A target in a scratch schema, as the scratch login, for building a reference there. */
    public Target target(String id, String schema, Optional<String> appUser, Map<String, String> placeholders,
            Optional<List<String>> locations) {
        return new Target(id, Target.Kind.TENANT, where, schema, Optional.of(login), appUser, Optional.empty(),
                Map.of(), placeholders, locations, Optional.empty());
    }

    /** A new connection to the scratch database as the scratch login; the caller closes it. */
    public Connection connect() {
        return connector.connect(where, login, describe());
    }

    /** Whether a role exists on the scratch server (a reference grants the app user only where it does). */
    public synchronized boolean roleExists(String role) throws SQLException {
        try (PreparedStatement ps = local.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Drops what this run created (its schemas, or its database), then releases its lock. Idempotent. What cannot be
     * dropped now (the server went away) is said in the log and left to the next run, whose sweep removes it: the
     * results of the run stand.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is what is calling
        }
        try {
            if (mode == Mode.TEMPORARY_DATABASE) {
                local.close();
                try (Statement s = home.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + Sql.ident(name)
                            + (home.getMetaData().getDatabaseMajorVersion() >= 13 ? " WITH (FORCE)" : ""));
                }
            } else {
                dropOwnSchemas();
            }
            Leftovers.unlock(home, Leftovers.keyOf(name));
        } catch (SQLException e) {
            LOG.warnf("could not remove this run's scratch objects in the %s (%s); the next drift or verify run"
                    + " removes them", describe(), FleetwayException.firstLine(e.getMessage()));
        } finally {
            try {
                home.close();
            } catch (SQLException e) {
                LOG.debugf("closing the scratch session: %s", e.getMessage());
            }
        }
    }

    private void dropOwnSchemas() throws SQLException {
        List<String> own = new ArrayList<>();
        try (PreparedStatement ps = home.prepareStatement("SELECT nspname FROM pg_namespace WHERE nspname LIKE ?")) {
            ps.setString(1, name.replace("_", "\\_") + "\\_%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    own.add(rs.getString(1));
                }
            }
        }
        for (String schema : own) {
            try (Statement s = home.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + Sql.ident(schema) + " CASCADE");
            }
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            LOG.debugf("scratch cleanup at exit failed: %s", e.getMessage());
        }
    }

    private static String randomId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            id.append(Character.forDigit(random.nextInt(36), 36));
        }
        return id.toString();
    }
}
