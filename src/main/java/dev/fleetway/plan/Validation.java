package dev.fleetway.plan;

import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.api.MigrationVersion;

import dev.fleetway.ExitCode;
import dev.fleetway.report.ChecksumState;
import dev.fleetway.report.MigrationRow;
import dev.fleetway.report.MigrationState;
import dev.fleetway.report.MigrationType;
import dev.fleetway.report.SourceState;
import dev.fleetway.report.TargetStatus;

/**
 * What is wrong between source and database for one target, derived from its {@link TargetStatus}.
 * Pending migrations are not problems (they are what {@code upgrade} is for), nor are applied migrations
 * newer than every file (an older release running against a newer schema during a rollback).
 */
public final class Validation {
    private Validation() {
    }

    /**
     * A problem with the exit code it maps to.
     *
     * @param message one line naming the file and the fix
     */
    public record Problem(ExitCode exitCode, String message) {
    }

    /** The problem to report first: a recorded failure (exit 1) outranks a mismatch (exit 4). */
    public static java.util.Optional<Problem> mostUrgent(List<Problem> problems) {
        return problems.stream().min(java.util.Comparator.comparingInt(p -> p.exitCode().code()));
    }

    public static List<Problem> problems(TargetStatus status) {
        List<Problem> problems = new ArrayList<>();
        String highestSource = status.migrations().stream()
                .filter(r -> r.source() == SourceState.PRESENT && !r.version().isEmpty())
                .map(MigrationRow::version).reduce((a, b) -> b).orElse(null);
        String retarget = "default".equals(status.target()) ? "" : " --tenant " + status.target();
        for (MigrationRow row : status.migrations()) {
            if (row.database() == MigrationState.FAILED && row.type() == MigrationType.REVERT) {
                problems.add(new Problem(ExitCode.MIGRATION_FAILED, "the revert with " + row.script() + " failed"
                        + " outside a transaction and is recorded as failed; part of it may be done — check the"
                        + " schema, fix the down script, run 'fleetway repair" + retarget + "', then revert again"));
            } else if (row.database() == MigrationState.FAILED) {
                problems.add(new Problem(ExitCode.MIGRATION_FAILED, row.script() + " failed earlier and is recorded as"
                        + " failed — fix the file, run 'fleetway repair" + retarget + "', then upgrade"));
            } else if (row.checksum() == ChecksumState.MISMATCH) {
                problems.add(new Problem(ExitCode.VALIDATION_FAILED, row.script() + " was changed after it was applied"
                        + " (checksum mismatch) — restore the file, or run 'fleetway repair" + retarget
                        + "' to accept the new checksum"));
            } else if (row.database() == MigrationState.IGNORED && row.source() == SourceState.PRESENT) {
                problems.add(new Problem(ExitCode.VALIDATION_FAILED, row.script() + " is older than the current version "
                        + status.currentVersion() + " and was never applied, so it never will be — give it a version"
                        + " above " + status.currentVersion()));
            } else if (row.source() == SourceState.MISSING && !isFuture(row, highestSource)) {
                problems.add(new Problem(ExitCode.VALIDATION_FAILED, row.script() + " is applied but missing from the"
                        + " migrations — restore the file, or run 'fleetway repair" + retarget
                        + "' to mark it deleted"));
            }
        }
        return problems;
    }

    /** Applied versions above the newest file come from a newer release; repeatables are never "future". */
    private static boolean isFuture(MigrationRow row, String highestSource) {
        if (row.version().isEmpty()) {
            return false;
        }
        return highestSource == null
                || MigrationVersion.fromVersion(row.version()).isNewerThan(MigrationVersion.fromVersion(highestSource));
    }
}
