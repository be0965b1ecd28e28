package dev.fleetway.tenant;

import dev.fleetway.db.ConnectionString;
import dev.fleetway.db.Credentials;
import java.util.Optional;

/**
 * One database (or schema) that Fleetway migrates: the default database or a tenant.
 *
 * @param id {@code default} or the tenant id
 * @param kind whether this is the default database or a tenant
 * @param connection where it is (never carries credentials)
 * @param schema the schema migrated; holds the history table
 * @param migrationUser the login that runs migrations
 * @param appUser the role that gets DML grants after migrating; empty means no grants
 */
public record Target(String id, Kind kind, ConnectionString connection, String schema, Credentials migrationUser,
        Optional<String> appUser) {

    public static final String DEFAULT_ID = "default";

    public enum Kind {
        DEFAULT, TENANT;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** How errors and logs name this target, e.g. {@code tenant 'acme' (db tenant_acme on db:5432)}. */
    public String describe() {
        String where = "db " + connection.database() + " on " + connection.hosts()
                + ("public".equals(schema) ? "" : ", schema " + schema);
        return (kind == Kind.DEFAULT ? "default database" : "tenant '" + id + "'") + " (" + where + ")";
    }

    public Target withAppUser(Optional<String> user) {
        return new Target(id, kind, connection, schema, migrationUser, user);
    }
}
