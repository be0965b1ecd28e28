package dev.fleetway.execute;

import static dev.fleetway.db.Sql.ident;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.flyway.TargetSession;
import dev.fleetway.tenant.Target;

/**
 * Gives the application user exactly the rights it needs in a target's schema, as the migration user:
 * USAGE on the schema, SELECT/INSERT/UPDATE/DELETE on its tables and views, USAGE/SELECT on its sequences,
 * and the same by default for objects the migration user creates later. The app user gets no DDL right
 * (CREATE on the schema is revoked) and may only read the history table. Idempotent.
 */
public final class Grants {
    private Grants() {
    }

    /**
     * Applies the grants for {@code appUser} in the target's schema.
     *
     * @throws FleetwayException (exit 2) when the app user does not exist
     */
    public static void apply(TargetSession session, String appUser) throws SQLException {
        Connection c = session.connection();
        Target target = session.target();
        requireRole(c, target, appUser);
        String schema = ident(target.schema());
        String app = ident(appUser);
        String owner = ident(currentUser(c));
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + app);
            s.execute("REVOKE CREATE ON SCHEMA " + schema + " FROM " + app);
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + schema + " TO " + app);
            s.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA " + schema + " TO " + app);
            s.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + owner + " IN SCHEMA " + schema
                    + " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO " + app);
            s.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + owner + " IN SCHEMA " + schema
                    + " GRANT USAGE, SELECT ON SEQUENCES TO " + app);
            // The history is Fleetway's: the application may read the version, never change it.
            session.history().readOnlyFor(c, appUser);
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw new FleetwayException(ExitCode.MIGRATION_FAILED, target.describe() + ": granting privileges to '"
                    + appUser + "' failed (" + FleetwayException.firstLine(e.getMessage()) + ")"
                    + " — the migration user must own the schema's objects", e);
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /**
     * Checks that the app user exists; called before migrating so that a misconfigured app user changes nothing.
     *
     * @throws FleetwayException (exit 2) when it does not
     */
    public static void requireRole(Connection c, Target target, String appUser) throws SQLException {
        if (!roleExists(c, appUser)) {
            throw FleetwayException.usage(target.describe() + ": app user '" + appUser + "' does not exist — create"
                    + " it (CREATE ROLE " + appUser + " LOGIN PASSWORD '…') or unset the app-user setting");
        }
    }

    private static boolean roleExists(Connection c, String role) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String currentUser(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
