package dev.fleetway.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Read-only checks that the grants of {@code execute.Grants} are in place in a schema: the app user's (USAGE but not
 * CREATE on the schema, SELECT/INSERT/UPDATE/DELETE on every table and view, the history table aside, and
 * USAGE/SELECT on every sequence) and the monitor user's (USAGE on the schema, SELECT on the history table when
 * there is one, CONNECT on the database). Each answers for one schema or, in one query, for many.
 */
public final class GrantCheck {
    private static final String APP = "SELECT n.nspname, has_schema_privilege(r.oid, n.oid, 'USAGE')"
            + " AND NOT has_schema_privilege(r.oid, n.oid, 'CREATE')"
            + " AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid AND c.relname <> ?"
            // One privilege per call: with a list, PostgreSQL answers true when ANY of them is held.
            + "   AND ((c.relkind IN ('r','p','v') AND NOT (has_table_privilege(r.oid, c.oid, 'SELECT')"
            + "       AND has_table_privilege(r.oid, c.oid, 'INSERT') AND has_table_privilege(r.oid, c.oid, 'UPDATE')"
            + "       AND has_table_privilege(r.oid, c.oid, 'DELETE')))"
            + "     OR (c.relkind = 'S' AND NOT (has_sequence_privilege(r.oid, c.oid, 'USAGE')"
            + "       AND has_sequence_privilege(r.oid, c.oid, 'SELECT')))))"
            + " FROM pg_roles r, pg_namespace n WHERE r.rolname = ? AND n.nspname = ANY(?)";
    private static final String MONITOR = "SELECT n.nspname, has_schema_privilege(r.oid, n.oid, 'USAGE')"
            + " AND has_database_privilege(r.oid, current_database(), 'CONNECT')"
            + " AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid AND c.relname = ?"
            + "   AND NOT has_table_privilege(r.oid, c.oid, 'SELECT'))"
            + " FROM pg_roles r, pg_namespace n WHERE r.rolname = ? AND n.nspname = ANY(?)";

    private GrantCheck() {
    }

    /** Whether the app user's grants are complete; false also when the role or the schema does not exist. */
    public static boolean ok(Connection c, String schema, String appUser, String historyTable) throws SQLException {
        return !appOk(c, List.of(schema), appUser, historyTable).isEmpty();
    }

    /** Whether the monitor user's grants are complete; false also when the role or the schema does not exist. */
    public static boolean monitorOk(Connection c, String schema, String monitorRole, String historyTable)
            throws SQLException {
        return !monitorOk(c, List.of(schema), monitorRole, historyTable).isEmpty();
    }

    /** The schemas of {@code schemas} where the app user's grants are complete. */
    public static Set<String> appOk(Connection c, Collection<String> schemas, String appUser, String historyTable)
            throws SQLException {
        return schemasWhere(c, APP, schemas, appUser, historyTable);
    }

    /** The schemas of {@code schemas} where the monitor user's grants are complete. */
    public static Set<String> monitorOk(Connection c, Collection<String> schemas, String monitorRole,
            String historyTable) throws SQLException {
        return schemasWhere(c, MONITOR, schemas, monitorRole, historyTable);
    }

    private static Set<String> schemasWhere(Connection c, String sql, Collection<String> schemas, String role,
            String historyTable) throws SQLException {
        Set<String> ok = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, historyTable);
            ps.setString(2, role);
            ps.setArray(3, c.createArrayOf("text", schemas.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean(2)) {
                        ok.add(rs.getString(1));
                    }
                }
            }
        }
        return ok;
    }
}
