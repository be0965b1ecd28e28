package dev.fleetway.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.db.ConnectionString;
import dev.fleetway.db.Connector;
import dev.fleetway.db.Credentials;
import dev.fleetway.db.Sql;

/**
 * The fleet {@code fleetway demo} migrates, made on a {@link LocalPostgres} as its superuser, with the names
 * the documentation uses: the migration user {@code app_owner}, which owns every database and its
 * {@code public} schema; the app user {@code app_rw}; the default database {@code app}; and three tenants, two
 * with a database each ({@code acme}, {@code initech}) and one as a schema in the default database
 * ({@code globex}, schema {@code tenant_globex}, which the first migration run creates). Passwords are random
 * per run. Immutable.
 */
public final class DemoFleet {
    static final String OWNER = "app_owner";
    static final String APP_USER = "app_rw";
    static final String DEFAULT_DATABASE = "app";
    /** Tenant id and database of the database-per-tenant tenants. */
    private static final Map<String, String> DATABASE_TENANTS = Map.of("acme", "tenant_acme", "initech", "tenant_initech");
    private static final String SCHEMA_TENANT = "globex";
    private static final String SCHEMA = "tenant_globex";

    private final Map<String, String> properties;

    private DemoFleet(Map<String, String> properties) {
        this.properties = Map.copyOf(properties);
    }

    /**
     * Creates the roles and databases.
     *
     * @throws FleetwayException exit 3 when the server cannot be reached or refuses a statement
     */
    public static DemoFleet create(LocalPostgres pg) {
        String ownerPassword = UUID.randomUUID().toString();
        String appPassword = UUID.randomUUID().toString();
        try {
            execute(pg, "postgres", "CREATE ROLE " + Sql.ident(OWNER) + " LOGIN PASSWORD " + Sql.literal(ownerPassword),
                    "CREATE ROLE " + Sql.ident(APP_USER) + " LOGIN PASSWORD " + Sql.literal(appPassword));
            for (String db : databases()) {
                execute(pg, "postgres", "CREATE DATABASE " + Sql.ident(db) + " OWNER " + Sql.ident(OWNER));
                // What PostgreSQL 15 does by itself and 14 (the bundled server) does not: public belongs to the
                // database owner, who grants on it, and nobody else may create in it, the app user included.
                execute(pg, db, "ALTER SCHEMA public OWNER TO " + Sql.ident(OWNER),
                        "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            }
        } catch (SQLException e) {
            throw new FleetwayException(ExitCode.UNREACHABLE, "demo: the demo server refused to create the fleet: "
                    + FleetwayException.firstLine(e.getMessage()) + " — rerun with --verbose for detail", e);
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("fleetway.default.url", pg.jdbcUrl(DEFAULT_DATABASE));
        for (String scope : List.of("fleetway.default.", "fleetway.tenant-defaults.")) {
            p.put(scope + "migration-user.username", OWNER);
            p.put(scope + "migration-user.password", ownerPassword);
            p.put(scope + "app-user.username", APP_USER);
            p.put(scope + "app-user.password", appPassword);
        }
        DATABASE_TENANTS.forEach((id, db) -> p.put("fleetway.tenants." + id + ".url", pg.jdbcUrl(db)));
        p.put("fleetway.tenants." + SCHEMA_TENANT + ".url", pg.jdbcUrl(DEFAULT_DATABASE));
        p.put("fleetway.tenants." + SCHEMA_TENANT + ".schema", SCHEMA);
        return new DemoFleet(p);
    }

    private static List<String> databases() {
        return Stream.concat(Stream.of(DEFAULT_DATABASE),
                DATABASE_TENANTS.values().stream().sorted()).toList();
    }

    private static void execute(LocalPostgres pg, String database, String... statements) throws SQLException {
        Server server = pg.server();
        try (Connection c = new Connector(Duration.ofSeconds(10)).connect(ConnectionString.parse(pg.jdbcUrl(database)),
                new Credentials(server.superuser(), server.password()), "the demo server (db " + database + ")");
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** The Fleetway configuration of this fleet, as properties (passwords included). */
    public Map<String, String> properties() {
        return properties;
    }

    /** What was created, one line each, for people. */
    public List<String> description() {
        return List.of("roles " + OWNER + " (runs the migrations, owns the databases) and " + APP_USER
                        + " (the application's login: gets DML rights only)",
                "default database " + DEFAULT_DATABASE,
                DATABASE_TENANTS.entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> "tenant " + e.getKey() + " in database " + e.getValue())
                        .collect(Collectors.joining(", "))
                        + ", tenant " + SCHEMA_TENANT + " as schema " + SCHEMA + " in database " + DEFAULT_DATABASE);
    }

    /**
     * Writes the configuration as an {@code --env-file} (readable by the current user only), so that other
     * commands can be tried on the demo fleet while it runs.
     */
    public Path writeEnvFile(Path file) throws IOException {
        String lines = properties.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(file, lines);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
