package dev.fleetway.drift;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.flywaydb.core.api.MigrationVersion;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.flyway.ExpectedHistory;
import dev.fleetway.flyway.HistoryTable;
import dev.fleetway.source.MigrationFile;
import dev.fleetway.source.MigrationSource;
import dev.fleetway.tenant.Target;

/**
 * What a target's history says was applied, as far as its reference needs: its version, the repeatable scripts
 * it ran, and how far behind its files it is.
 *
 * @param version the newest version applied successfully (a baseline counts)
 * @param repeatables the file names of the repeatable scripts whose latest run its history records with the
 *        file's current checksum
 * @param pendingRepeatables the file names of the other repeatable scripts: never run, changed since, or whose
 *        rows a revert removed; what they create may or may not be there
 * @param latest the newest version among its files
 * @param pending its versioned files newer than {@code version}
 */
record AppliedState(String version, Set<String> repeatables, Set<String> pendingRepeatables, Optional<String> latest,
        int pending) {

    /**
     * Reads the state from the history rows.
     *
     * @throws FleetwayException exit 1 for a failed migration in the history; exit 4 when nothing versioned is
     *         applied, or the version is neither among the files nor a baseline
     */
    static AppliedState of(Target target, List<HistoryTable.Row> rows, MigrationSource source,
            ExpectedHistory expected) {
        Optional<HistoryTable.Row> failed = rows.stream().filter(r -> !r.success()).findFirst();
        if (failed.isPresent()) {
            throw new FleetwayException(ExitCode.MIGRATION_FAILED, target.describe() + ": " + failed.get().script()
                    + " is recorded as failed, so its schema is not what any version produces — see 'fleetway"
                    + " status', fix it and run 'fleetway repair', then check drift again");
        }
        Optional<HistoryTable.Row> newest = rows.stream()
                .filter(r -> r.version() != null && !"DELETE".equals(r.type()) && !r.type().startsWith("UNDO"))
                .max(Comparator.comparing(r -> MigrationVersion.fromVersion(r.version())));
        if (newest.isEmpty()) {
            throw new FleetwayException(ExitCode.VALIDATION_FAILED, target.describe() + ": its history records no"
                    + " versioned migration, so there is no version to compare it at — run 'fleetway upgrade' first");
        }
        String version = newest.get().version();
        MigrationVersion at = MigrationVersion.fromVersion(version);
        List<MigrationVersion> files = source.files().stream().filter(f -> f.kind() == MigrationFile.Kind.VERSIONED)
                .map(f -> MigrationVersion.fromVersion(f.version().orElseThrow())).sorted().toList();
        if (!files.contains(at) && !"BASELINE".equals(newest.get().type())) {
            throw new FleetwayException(ExitCode.VALIDATION_FAILED, target.describe() + ": it is at version " + version
                    + ", which none of its migration files has, so its reference cannot be built — restore the"
                    + " file (see 'fleetway validate'), or point --migrations at the right folder");
        }
        Map<String, Integer> ran = new HashMap<>();
        rows.stream().filter(HistoryTable.Row::isRepeatable).forEach(r -> ran.put(r.description(), r.checksum()));
        Set<String> repeatables = new TreeSet<>();
        Set<String> pendingRepeatables = new TreeSet<>();
        source.files().stream().filter(f -> f.kind() == MigrationFile.Kind.REPEATABLE).forEach(f -> {
            Integer checksum = ran.get(f.description());
            boolean current = checksum != null && checksum.equals(expected.repeatable().get(f.description()));
            (current ? repeatables : pendingRepeatables).add(f.script());
        });
        int pending = (int) files.stream().filter(v -> v.isNewerThan(at)).count();
        Optional<String> latest = files.isEmpty() ? Optional.empty()
                : Optional.of(files.get(files.size() - 1).getVersion());
        return new AppliedState(version, repeatables, pendingRepeatables, latest, pending);
    }
}
