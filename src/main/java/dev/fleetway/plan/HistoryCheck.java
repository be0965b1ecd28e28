package dev.fleetway.plan;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.flywaydb.core.api.MigrationVersion;

import dev.fleetway.flyway.ExpectedHistory;
import dev.fleetway.flyway.HistoryTable;
import dev.fleetway.flyway.TargetSession;

/**
 * Read-only, one query: is the target exactly up to date, or behind in the plainest way? Up to date only when
 * every versioned file is applied successfully with its checksum, the latest run of every repeatable file has
 * its checksum, and the history has no failed row and no version unknown to the files. Plainly behind when the
 * history is such a clean prefix of the files: what is applied matches, and every versioned file not applied yet
 * is newer than the newest applied one. Anything else (including a history table that does not exist yet)
 * answers empty, and the caller takes the full Flyway path, which explains the difference.
 */
public final class HistoryCheck {
    private HistoryCheck() {
    }

    /** The current version when the target is up to date; empty when it is not, or when in doubt. */
    public static Optional<String> currentVersion(TargetSession session) throws SQLException {
        return currentVersion(session, session.history().rows(session.connection()));
    }

    /** The same, from the history {@code rows} the caller already read ({@link HistoryTable#rows}). */
    public static Optional<String> currentVersion(TargetSession session, Optional<List<HistoryTable.Row>> rows) {
        return pending(session, rows).filter(Pending::isEmpty)
                .flatMap(p -> Optional.ofNullable(session.flyways().expectedHistory().latest()));
    }

    /**
     * What is pending on a target whose history is a clean prefix of the files (see the class comment), read with
     * one query; empty when in doubt. Nothing pending means up to date.
     *
     * @param current the version applied last; null for a history with no versioned migration
     * @param versions the versions not applied yet, all newer than {@code current}
     * @param repeatables the descriptions of the repeatable files never run, or changed since their last run
     */
    public record Pending(String current, List<String> versions, List<String> repeatables) {
        public boolean isEmpty() {
            return versions.isEmpty() && repeatables.isEmpty();
        }
    }

    /**
     * Whether the target's history is exactly what the files give (also when they have only repeatable scripts,
     * and so no version); false when the history table is missing, and when in doubt.
     */
    public static boolean isCurrent(TargetSession session) throws SQLException {
        return pending(session).map(Pending::isEmpty).orElse(false);
    }

    /** See {@link Pending}. */
    public static Optional<Pending> pending(TargetSession session) throws SQLException {
        return pending(session, session.history().rows(session.connection()));
    }

    /** See {@link Pending}; from the history {@code rows} the caller already read ({@link HistoryTable#rows}). */
    public static Optional<Pending> pending(TargetSession session, Optional<List<HistoryTable.Row>> rows) {
        ExpectedHistory expected = session.flyways().expectedHistory();
        if (expected.ambiguous()) {
            return Optional.empty();
        }
        return rows.isPresent() ? pending(rows.get(), expected) : Optional.empty();
    }

    static Optional<Pending> pending(List<HistoryTable.Row> rows, ExpectedHistory expected) {
        Map<String, Integer> repeatables = new HashMap<>();
        Set<String> seen = new HashSet<>();
        MigrationVersion newest = null;
        for (HistoryTable.Row row : rows) {
            if (!row.success()) {
                return Optional.empty();
            }
            if (!HistoryTable.SQL.equals(row.type())) {
                if ("SCHEMA".equals(row.type())) {
                    continue; // Flyway's marker for a schema it created
                }
                return Optional.empty(); // baselines, deletions, undo: let Flyway judge
            }
            if (row.version() == null) {
                repeatables.put(row.description(), row.checksum());
                continue;
            }
            if (!seen.add(row.version()) || !Objects.equals(expected.versioned().get(row.version()), row.checksum())) {
                return Optional.empty(); // applied twice, unknown to the files, or changed since
            }
            MigrationVersion v = MigrationVersion.fromVersion(row.version());
            newest = newest == null || v.isNewerThan(newest) ? v : newest;
        }
        if (!expected.repeatable().keySet().containsAll(repeatables.keySet())) {
            return Optional.empty(); // a repeatable file is gone: Flyway reports it
        }
        List<MigrationVersion> versions = new ArrayList<>();
        for (String version : expected.versioned().keySet()) {
            if (!seen.contains(version)) {
                MigrationVersion v = MigrationVersion.fromVersion(version);
                if (newest != null && !v.isNewerThan(newest)) {
                    return Optional.empty(); // a gap: out of order, for Flyway to judge
                }
                versions.add(v);
            }
        }
        versions.sort(null);
        List<String> changed = expected.repeatable().entrySet().stream()
                .filter(e -> !Objects.equals(repeatables.get(e.getKey()), e.getValue())).map(Map.Entry::getKey)
                .sorted().toList();
        return Optional.of(new Pending(newest == null ? null : newest.getVersion(),
                versions.stream().map(MigrationVersion::getVersion).toList(), changed));
    }

    /** Whether {@code rows} are exactly what an up-to-date history holds. */
    static boolean current(List<HistoryTable.Row> rows, ExpectedHistory expected) {
        return pending(rows, expected).map(Pending::isEmpty).orElse(false);
    }
}
