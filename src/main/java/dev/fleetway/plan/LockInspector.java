package dev.fleetway.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import dev.fleetway.db.AdvisoryLock;

/** Read-only questions about locks and indexes of a target's schema, for lock-safe migrating. */
public final class LockInspector {
    private static final int QUERY_CHARS = 200;
    private static final String QUERY = ", query: ";


    private LockInspector() {
    }

    /**
     * The other sessions holding locks on the schema's relations, oldest transaction first: after a
     * statement gave up on {@code lock_timeout}, the first of them is almost always what it waited for.
     *
     * @return e.g. {@code pid 4711 (application_name 'app', idle in transaction, in transaction since 2026-…,
     *         query started 2026-…), query: UPDATE accounts SET …}; empty when none is found any more
     */
    public static List<String> blockers(Connection c, String schema) throws SQLException {
        String sql = "SELECT a.pid, a.application_name, a.xact_start, a.query_start, left(a.query, " + QUERY_CHARS
                + "), a.state FROM pg_stat_activity a WHERE a.pid <> pg_backend_pid()"
                + " AND a.datname = current_database() AND a.pid IN (SELECT l.pid FROM pg_locks l"
                + " JOIN pg_class k ON k.oid = l.relation JOIN pg_namespace n ON n.oid = k.relnamespace"
                + " WHERE l.granted AND n.nspname = ?) ORDER BY a.xact_start NULLS LAST, a.pid LIMIT 3";
        List<String> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(6) == null) {
                        found.add("pid " + rs.getInt(1) + " " + AdvisoryLock.HIDDEN_SESSION);
                        continue;
                    }
                    found.add("pid " + rs.getInt(1) + " (application_name '" + rs.getString(2) + "', "
                            + rs.getString(6) + ", in transaction since " + rs.getTimestamp(3) + ", query started "
                            + rs.getTimestamp(4) + ")" + QUERY + oneLine(rs.getString(5)));
                }
            }
        }
        return found;
    }

    /** INVALID indexes in the schema, as left by an interrupted {@code CREATE INDEX CONCURRENTLY}. */
    public static List<String> invalidIndexes(Connection c, String schema) throws SQLException {
        String sql = "SELECT k.relname FROM pg_index i JOIN pg_class k ON k.oid = i.indexrelid"
                + " JOIN pg_namespace n ON n.oid = k.relnamespace WHERE NOT i.indisvalid AND n.nspname = ?"
                // plain indexes only (a partitioned parent made ON ONLY is legitimately invalid), and not
                // one another session is building right now
                + " AND k.relkind = 'i' AND i.indexrelid NOT IN (SELECT index_relid FROM pg_stat_progress_create_index)"
                + " ORDER BY 1";
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    /**
     * A message with the blocking sessions' query texts left out, for places anyone may read (the HTTP
     * probes): a query's literals can hold application data.
     */
    public static String withoutQueries(String message) {
        return message == null ? null : message.replaceAll(java.util.regex.Pattern.quote(QUERY) + ".*?(?= — |$)",
                QUERY + "(not shown)");
    }

    private static String oneLine(String query) {
        return query == null ? "" : query.replaceAll("\\s+", " ").strip();
    }
}
