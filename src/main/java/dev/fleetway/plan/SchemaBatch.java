package dev.fleetway.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.fleetway.db.Sql;
import dev.fleetway.flyway.ExpectedHistory;
import dev.fleetway.flyway.HistoryTable;
import dev.fleetway.tenant.Target;

/**
 * Read-only: which of many schema-per-tenant targets of one database are up to date with their grants complete,
 * answered with a few queries on one connection instead of a session per schema. An up-to-date target is what
 * {@link HistoryCheck} confirms (every file applied with its checksum, nothing else); its grants are those
 * {@link GrantCheck} checks. A deploy that changes nothing then costs a query per {@value #CHUNK} schemas.
 *
 * <p>The history tables are read {@value #CHUNK} to a query: one statement over thousands of tables would take
 * a lock on each, more than PostgreSQL's shared lock table holds by default ({@code max_locks_per_transaction}
 * 64 per connection slot). No advisory lock is taken: a target is reported current only when its committed
 * history already holds exactly the files, and a concurrent run can only add to that history what makes it not
 * current (a newer version), so nothing confirmed here can need work.
 */
public final class SchemaBatch {
    public static final int CHUNK = 100;

    private SchemaBatch() {
    }

    /**
     * The ids of those of {@code targets} (all on the database {@code c} is connected to, migrated from the files
     * {@code expected} describes) that are up to date with complete grants; empty when nothing can be confirmed
     * from the files alone (two files share a version, or there are no versioned files).
     */
    public static Set<String> current(Connection c, List<Target> targets, String table, ExpectedHistory expected)
            throws SQLException {
        if (expected.ambiguous() || expected.latest() == null) {
            return Set.of();
        }
        Map<String, List<Target>> bySchema = targets.stream().collect(Collectors.groupingBy(Target::schema));
        // Two targets on one schema are a configuration error that their own sessions report.
        bySchema.values().removeIf(list -> list.size() > 1);
        Set<String> confirmed = new HashSet<>();
        List<String> withHistory = new ArrayList<>(withTable(c, bySchema.keySet(), table));
        for (int from = 0; from < withHistory.size(); from += CHUNK) {
            List<String> chunk = withHistory.subList(from, Math.min(withHistory.size(), from + CHUNK));
            histories(c, chunk, table).forEach((schema, rows) -> {
                if (HistoryCheck.current(rows, expected)) {
                    confirmed.add(schema);
                }
            });
        }
        confirmed.retainAll(granted(c, confirmed, bySchema, table, Target::appUser, GrantCheck::appOk));
        confirmed.retainAll(granted(c, confirmed, bySchema, table, Target::monitorRole, GrantCheck::monitorOk));
        return confirmed.stream().map(schema -> bySchema.get(schema).get(0).id()).collect(Collectors.toSet());
    }

    /** The schemas of {@code schemas} that have the history table. */
    private static Set<String> withTable(Connection c, Set<String> schemas, String table) throws SQLException {
        Set<String> found = new TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname FROM pg_class t JOIN pg_namespace n"
                + " ON n.oid = t.relnamespace WHERE t.relname = ? AND t.relkind IN ('r', 'p') AND n.nspname = ANY(?)")) {
            ps.setString(1, table);
            ps.setArray(2, c.createArrayOf("text", schemas.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        return found;
    }

    /** The history rows of each of {@code schemas}, in {@code installed_rank} order, from one query. */
    private static Map<String, List<HistoryTable.Row>> histories(Connection c, List<String> schemas, String table)
            throws SQLException {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < schemas.size(); i++) {
            sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT ").append(i)
                    .append(" AS k, installed_rank, version, description, type, script, checksum, success FROM ")
                    .append(Sql.qualified(schemas.get(i), table));
        }
        sql.append(" ORDER BY 1, 2");
        Map<String, List<HistoryTable.Row>> rows = new HashMap<>();
        schemas.forEach(schema -> rows.put(schema, new ArrayList<>()));
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.toString())) {
            while (rs.next()) {
                Integer checksum = rs.getObject(7) == null ? null : rs.getInt(7);
                rows.get(schemas.get(rs.getInt(1))).add(new HistoryTable.Row(rs.getInt(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), checksum, rs.getBoolean(8)));
            }
        }
        return rows;
    }

    @FunctionalInterface
    private interface Check {
        Set<String> ok(Connection c, Set<String> schemas, String role, String table) throws SQLException;
    }

    /**
     * The schemas of {@code schemas} where the role {@code roleOf} names (per target; none means nothing to
     * check) holds its grants: one query per distinct role.
     */
    private static Set<String> granted(Connection c, Set<String> schemas, Map<String, List<Target>> bySchema,
            String table, Function<Target, Optional<String>> roleOf, Check check) throws SQLException {
        Map<String, Set<String>> byRole = new HashMap<>();
        Set<String> ok = new HashSet<>();
        for (String schema : schemas) {
            Optional<String> role = roleOf.apply(bySchema.get(schema).get(0));
            if (role.isEmpty()) {
                ok.add(schema);
            } else {
                byRole.computeIfAbsent(role.get(), r -> new HashSet<>()).add(schema);
            }
        }
        for (Map.Entry<String, Set<String>> e : byRole.entrySet()) {
            ok.addAll(check.ok(c, e.getValue(), e.getKey(), table));
        }
        return ok;
    }
}
