package dev.fleetway.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Read-only questions about a target's schema, asked before changing anything. */
public final class SchemaInspector {
    private SchemaInspector() {
    }

    /** Whether the schema exists. */
    public static boolean exists(Connection c, String schema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** How many tables, views, sequences and other relations the schema has besides the history table. */
    public static long objectCount(Connection c, String schema, String table) throws SQLException {
        return count(c, "SELECT count(*) FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace"
                + " WHERE n.nspname = ? AND k.relname <> ? AND k.relkind IN ('r','p','v','m','S','f')", schema, table);
    }

    private static long count(Connection c, String sql, String a, String b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, a);
            ps.setString(2, b);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
