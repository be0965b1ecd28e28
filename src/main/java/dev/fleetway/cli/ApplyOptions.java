package dev.fleetway.cli;

import picocli.CommandLine.Option;

/** Safety options of the commands that apply migrations ({@code upgrade}, {@code install}). */
final class ApplyOptions {
    @Option(names = "--lint",
            description = "Refuse a target whose pending migrations have error-level lint findings (also: fleetway.lint-on-apply).")
    boolean lint;

    @Option(names = "--repair-invalid-indexes",
            description = "Drop INVALID indexes left by an interrupted CREATE INDEX CONCURRENTLY, so the migration builds them again.")
    boolean repairInvalidIndexes;
}
