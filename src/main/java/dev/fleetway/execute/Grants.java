package dev.fleetway.execute;

import static dev.fleetway.db.Sql.ident;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.db.Credentials;
import dev.fleetway.db.SqlState;
import dev.fleetway.flyway.TargetSession;
import dev.fleetway.plan.GrantCheck;
import dev.fleetway.plan.SchemaInspector;
import dev.fleetway.tenant.Target;

/**
 * Gives the application user exactly the rights it needs in a target's schema, as the migration user:
 * USAGE on the schema, SELECT/INSERT/UPDATE/DELETE on its tables and views, USAGE/SELECT on its sequences,
 * and the same by default for objects the migration user creates later. The app user gets no DDL right
 * (CREATE on the schema is revoked) and may only read the history table. The monitor user, when one is
 * configured, gets USAGE on the schema, SELECT on the history table and CONNECT on the database (where the
 * migration user may grant it). Idempotent.
 */
public final class Grants {
    private Grants() {
    }

    /**
     * What {@link #all} granted.
     *
     * @param appUser the app user granted; empty when none is configured
     * @param monitorUser the monitor user granted; empty when none is configured
     * @param note what could not be granted and the statement an administrator can run; empty when all went well
     */
    public record Granted(Optional<String> appUser, Optional<String> monitorUser, Optional<String> note) {
    }

    /**
     * Applies the grants of the app user and of the monitor user, each when configured.
     *
     * @throws FleetwayException (exit 2) when one of them does not exist
     */
    public static Granted all(TargetSession session) throws SQLException {
        Target target = session.target();
        if (!SchemaInspector.exists(session.connection(), target.schema())) {
            throw new FleetwayException(ExitCode.VALIDATION_FAILED, target.describe() + ": schema '" + target.schema()
                    + "' does not exist yet, so there is nothing to grant — run 'fleetway upgrade' for it first");
        }
        if (target.appUser().isPresent()) {
            apply(session, target.appUser().get());
        }
        Optional<String> monitor = target.monitorRole();
        Optional<String> note = Optional.empty();
        if (monitor.isPresent()) {
            note = monitor(session, monitor.get());
        }
        return new Granted(target.appUser(), monitor, note);
    }

    /** The monitor user's read rights; returns what could not be granted, with the statement for an administrator. */
    private static Optional<String> monitor(TargetSession session, String monitor) throws SQLException {
        Connection c = session.connection();
        Target target = session.target();
        if (!roleExists(c, monitor)) {
            throw FleetwayException.usage(target.describe() + ": monitor user '" + monitor + "' does not exist —"
                    + " create it (CREATE ROLE " + monitor + " LOGIN PASSWORD '…') or unset the monitor-user setting");
        }
        try (Statement s = c.createStatement()) {
            s.execute("GRANT USAGE ON SCHEMA " + ident(target.schema()) + " TO " + ident(monitor));
            if (session.history().exists(c)) {
                s.execute("GRANT SELECT ON " + session.history().qualifiedName() + " TO " + ident(monitor));
            }
        }
        if (hasConnect(c, monitor)) {
            return Optional.empty();
        }
        String grant = "GRANT CONNECT ON DATABASE " + ident(target.connection().database()) + " TO " + ident(monitor);
        try (Statement s = c.createStatement()) {
            s.execute(grant);
            return Optional.empty();
        } catch (SQLException e) {
            if (SqlState.isConnectionLoss(e)) {
                throw e;
            }
            return Optional.of("monitor user '" + monitor + "' may not connect to database '"
                    + target.connection().database() + "', and the migration user may not grant it ("
                    + FleetwayException.firstLine(e.getMessage()) + ") — an administrator can run: " + grant + ";");
        }
    }

    private static boolean hasConnect(Connection c, String role) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT has_database_privilege(?, current_database(), 'CONNECT')")) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /**
     * Applies the grants for {@code appUser} in the target's schema.
     *
     * @throws FleetwayException (exit 2) when the app user does not exist
     */
    static void apply(TargetSession session, String appUser) throws SQLException {
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
            if (SqlState.isConnectionLoss(e)) {
                throw new FleetwayException(ExitCode.UNREACHABLE, target.describe() + ": lost the connection to the"
                        + " database while granting '" + appUser + "' (" + FleetwayException.firstLine(e.getMessage())
                        + "); the migrations before it are applied — rerun when the database is back", e);
            }
            c.rollback();
            throw new FleetwayException(ExitCode.MIGRATION_FAILED, target.describe() + ": granting privileges to '"
                    + appUser + "' failed (" + FleetwayException.firstLine(e.getMessage()) + ")"
                    + " — the migration user must own the schema's objects", e);
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /**
     * Checks that the app user and the monitor user (each when configured) exist; called before migrating so that
     * a misconfigured user changes nothing.
     *
     * @throws FleetwayException (exit 2) naming the one that does not
     */
    public static void requireRoles(Connection c, Target target) throws SQLException {
        if (target.appUser().isPresent()) {
            requireRole(c, target, target.appUser().get());
        }
        if (target.monitorRole().isPresent() && !roleExists(c, target.monitorRole().get())) {
            throw FleetwayException.usage(target.describe() + ": monitor user '" + target.monitorRole().get()
                    + "' does not exist — create it (CREATE ROLE " + target.monitorRole().get() + " LOGIN PASSWORD"
                    + " '…') or unset the monitor-user setting");
        }
    }

    /**
     * Whether the grants are complete: the app user's ({@link GrantCheck}) and the monitor user's (USAGE on the
     * schema, SELECT on the history table when there is one, CONNECT on the database); true when neither is
     * configured.
     */
    public static boolean complete(TargetSession session) throws SQLException {
        Target target = session.target();
        Connection c = session.connection();
        String history = session.history().name();
        return (target.appUser().isEmpty() || GrantCheck.ok(c, target.schema(), target.appUser().get(), history))
                && (target.monitorRole().isEmpty()
                        || GrantCheck.monitorOk(c, target.schema(), target.monitorRole().get(), history));
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
