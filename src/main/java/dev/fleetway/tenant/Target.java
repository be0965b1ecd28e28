package dev.fleetway.tenant;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.fleetway.db.ConnectionString;
import dev.fleetway.db.Credentials;

/**
 * One database (or schema) that Fleetway migrates: the default database or a tenant.
 *
 * @param id {@code default} or the tenant id
 * @param kind whether this is the default database or a tenant
 * @param connection where it is (never carries credentials)
 * @param schema the schema migrated; holds the history table
 * @param migrationUser the login that runs migrations (DDL); empty only when a monitor user is configured and
 *        this run reads (see {@link #migrationLogin()})
 * @param appUser the role that gets DML grants after migrating; empty means no grants
 * @param monitorUser the read-only login of {@code audit}, {@code status}, {@code validate} and {@code serve}'s
 *        reads; empty means the migration user reads (a monitor user named without its password is only granted,
 *        see {@link #monitorRole()})
 * @param labels the tenant's labels (e.g. {@code region=eu}); empty for the default database
 * @param placeholders the placeholder values its migrations are read with, every layer resolved
 * @param locations where its migrations are, when they are not the run's {@code fleetway.locations}
 * @param monitorName the monitor user's name when it is configured without a password (to be granted, not to log
 *        in with); empty otherwise
 */
public record Target(String id, Kind kind, ConnectionString connection, String schema,
        Optional<Credentials> migrationUser, Optional<String> appUser, Optional<Credentials> monitorUser,
        Map<String, String> labels, Map<String, String> placeholders, Optional<List<String>> locations,
        Optional<String> monitorName) {

    public static final String DEFAULT_ID = "default";

    public enum Kind {
        DEFAULT, TENANT;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Target {
        labels = Map.copyOf(labels);
        placeholders = Map.copyOf(placeholders);
        locations = locations.map(List::copyOf);
    }

    /** A target with only the essentials: no monitor user, labels, placeholders or own locations. */
    public Target(String id, Kind kind, ConnectionString connection, String schema, Credentials migrationUser,
            Optional<String> appUser) {
        this(id, kind, connection, schema, Optional.of(migrationUser), appUser, Optional.empty(), Map.of(), Map.of(),
                Optional.empty(), Optional.empty());
    }

    /**
     * The login that changes the database.
     *
     * @throws dev.fleetway.FleetwayException (exit 2) when none is configured (only a monitor user is)
     */
    public Credentials migrationLogin() {
        return migrationUser.orElseThrow(() -> dev.fleetway.FleetwayException.usage(describe() + ": no migration"
                + " user is configured, only a monitor user, and this command changes the database — set "
                + (kind == Kind.DEFAULT ? "fleetway.default.migration-user (or DB__USER and DB__PASSWORD)"
                        : "fleetway.tenant-defaults.migration-user or fleetway.tenants." + id + ".migration-user")));
    }

    /**
     * The monitor user's role, which grants give read access: named with or without its password (a migrating
     * Job needs its name only).
     */
    public Optional<String> monitorRole() {
        return monitorUser.map(Credentials::username).or(() -> monitorName);
    }

    /** The login of read-only work: the monitor user when one is configured, else the migration user. */
    public Credentials readUser() {
        return monitorUser.or(() -> migrationUser).orElseThrow();
    }

    /** How errors and logs name this target, e.g. {@code tenant 'acme' (db tenant_acme on db:5432)}. */
    public String describe() {
        String where = "db " + connection.database() + " on " + connection.hosts()
                + ("public".equals(schema) ? "" : ", schema " + schema);
        return (kind == Kind.DEFAULT ? "default database" : "tenant '" + id + "'") + " (" + where + ")";
    }

    /**
     * The options that select this target alone, for the commands an error message suggests: none for the default
     * database, {@code --tenant ID} (with a leading space) for a tenant.
     */
    public String selector() {
        return kind == Kind.DEFAULT ? "" : " --tenant " + id;
    }

    public Target withAppUser(Optional<String> user) {
        return new Target(id, kind, connection, schema, migrationUser, user, monitorUser, labels, placeholders,
                locations, monitorName);
    }
}
