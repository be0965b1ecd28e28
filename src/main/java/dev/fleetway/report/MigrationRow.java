package dev.fleetway.report;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One migration as seen by {@code status}: the file on disk joined with its row in the history table.
 *
 * @param version the version, empty for repeatable migrations
 * @param type versioned, repeatable, baseline or Flyway's schema marker
 * @param script the file name (or the script recorded in history when the file is missing)
 * @param source whether the file is there
 * @param database where it stands in the database
 * @param installedOn when it was applied; null when not applied
 * @param checksum for applied migrations with a file: whether it still matches; null otherwise
 * @param error for a failed migration, the database's error recorded with it (also at the end of its
 *        description, as the history holds it); null otherwise, and when none was recorded (a failure written
 *        by plain Flyway)
 */
@RegisterForReflection
public record MigrationRow(String version, String description, MigrationType type, String script, SourceState source,
        MigrationState database, Instant installedOn, ChecksumState checksum, String error) {
}
