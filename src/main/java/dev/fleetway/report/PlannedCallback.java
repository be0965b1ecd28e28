package dev.fleetway.report;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A Flyway SQL callback a run would fire around its migrations, as {@code --dry-run} shows it.
 *
 * @param event Flyway's event, e.g. {@code afterMigrate} (the script runs when it happens)
 * @param script the file, e.g. {@code afterMigrate__refresh_stats.sql}
 * @param sql its text, placeholders expanded
 */
@RegisterForReflection
public record PlannedCallback(String event, String script, String sql) {
}
