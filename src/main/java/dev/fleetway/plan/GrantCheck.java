package dev.fleetway.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Read-only check that the app user holds what {@code execute.Grants} gives it in a schema: USAGE but not
 * CREATE on the schema, SELECT/INSERT/UPDATE/DELETE on every table and view (the history table aside), and
 * USAGE/SELECT on every sequence.
 */
public final class GrantCheck {
    private static final String SQL = "SELECT has_schema_privilege(r.oid, n.oid, 'USAGE')"
            + " AND NOT has_schema_privilege(r.oid, n.oid, 'CREATE')"
            + " AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid AND c.relname <> ?"
            // One privilege per call: with a list, PostgreSQL answers true when ANY of them is held.
            + "   AND ((c.relkind IN ('r','p','v') AND NOT (has_table_privilege(r.oid, c.oid, 'SELECT')"
            + "       AND has_table_privilege(r.oid, c.oid, 'INSERT') AND has_table_privilege(r.oid, c.oid, 'UPDATE')"
            + "       AND has_table_privilege(r.oid, c.oid, 'DELETE')))"
            + "     OR (c.relkind = 'S' AND NOT (has_sequence_privilege(r.oid, c.oid, 'USAGE')"
            + "       AND has_sequence_privilege(r.oid, c.oid, 'SELECT')))))"
            + " FROM pg_roles r, pg_namespace n WHERE r.rolname = ? AND n.nspname = ?";

    private GrantCheck() {
    }

    /** Whether the grants are complete; false also when the role or the schema does not exist. */
    public static boolean ok(Connection c, String schema, String appUser, String historyTable) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setString(1, historyTable);
            ps.setString(2, appUser);
            ps.setString(3, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
