package dev.fleetway.plan;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.fleetway.flyway.ExpectedHistory;
import dev.fleetway.flyway.HistoryTable;
import dev.fleetway.flyway.TargetSession;

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
    public static Optional<String> currentVersion(TargetSession session) throws SQLException {
        ExpectedHistory expected = session.flyways().expectedHistory();
        if (expected.ambiguous()) {
            return Optional.empty();
        }
        Optional<List<HistoryTable.Row>> rows = session.history().rows(session.connection());
        return rows.isPresent() && current(rows.get(), expected) ? Optional.ofNullable(expected.latest())
                : Optional.empty();
    }

    /**
     * Whether the target's history is exactly what the files give (also when they have only repeatable scripts,
     * and so no version); false when the history table is missing.
     */
    public static boolean isCurrent(TargetSession session) throws SQLException {
        ExpectedHistory expected = session.flyways().expectedHistory();
        Optional<List<HistoryTable.Row>> rows = session.history().rows(session.connection());
        return !expected.ambiguous() && rows.isPresent() && current(rows.get(), expected);
    }

    /** Whether {@code rows} are exactly what an up-to-date history holds. */
    static boolean current(List<HistoryTable.Row> rows, ExpectedHistory expected) {
        Map<String, Integer> versions = new HashMap<>();
        Map<String, Integer> repeatables = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (HistoryTable.Row row : rows) {
            if (!row.success()) {
                return false;
            }
            if (!HistoryTable.SQL.equals(row.type())) {
                if ("SCHEMA".equals(row.type())) {
                    continue; // Flyway's marker for a schema it created
                }
                return false; // baselines, deletions, undo: let Flyway judge
            }
            if (row.version() == null) {
                repeatables.put(row.description(), row.checksum());
            } else if (!seen.add(row.version())) {
                return false;
            } else {
                versions.put(row.version(), row.checksum());
            }
        }
        return versions.equals(expected.versioned()) && repeatables.equals(expected.repeatable());
    }
}
