package dev.fleetway.plan;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.fleetway.db.Sql;
import dev.fleetway.flyway.ExpectedHistory;
import dev.fleetway.tenant.Target;

/**
 * Read-only, one query: is the target exactly up to date? True only when every versioned file is applied
 * successfully with its checksum, the latest run of every repeatable file has its checksum, and the history
 * has no failed row and no version unknown to the files. Anything else (including a history table that does
 * not exist yet) answers empty, and the caller takes the full Flyway path, which explains the difference.
 */
public final class HistoryCheck {
    private HistoryCheck() {
    }

    /** The current version when the target is up to date; empty when it is not, or when in doubt. */
    public static Optional<String> currentVersion(Connection c, Target target, String table, ExpectedHistory expected)
            throws SQLException {
        if (expected.ambiguous()) {
            return Optional.empty();
        }
        Map<String, Integer> versions = new HashMap<>();
        Map<String, Integer> repeatables = new HashMap<>();
        Set<String> seen = new HashSet<>();
        String sql = "SELECT version, description, checksum, success, type FROM "
                + Sql.qualified(target.schema(), table) + " ORDER BY installed_rank";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                String version = rs.getString(1);
                Integer checksum = rs.getObject(3) == null ? null : rs.getInt(3);
                if (!rs.getBoolean(4)) {
                    return Optional.empty();
                }
                String type = rs.getString(5);
                if (!"SQL".equals(type)) {
                    if ("SCHEMA".equals(type)) {
                        continue; // Flyway's marker for a schema it created
                    }
                    return Optional.empty(); // baselines, deletions, undo: let Flyway judge
                }
                if (version == null) {
                    repeatables.put(rs.getString(2), checksum);
                } else if (!seen.add(version)) {
                    return Optional.empty();
                } else {
                    versions.put(version, checksum);
                }
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
                return Optional.empty(); // no history table (or schema) yet
            }
            throw e;
        }
        boolean current = versions.equals(expected.versioned()) && repeatables.equals(expected.repeatable());
        return current ? Optional.ofNullable(expected.latest()) : Optional.empty();
    }
}
