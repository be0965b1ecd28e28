package dev.fleetway.report;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What kind of history entry or file a migration row is. JSON and tables show the {@link #label()}. */
@RegisterForReflection
public enum MigrationType implements Label {
    /** A {@code V} script, applied once in version order. */
    VERSIONED,
    /** An {@code R__} script, applied again whenever it changes, after the versioned ones. */
    REPEATABLE,
    /** A baseline row: the version a schema built without Fleetway was adopted at ({@code baseline}). */
    BASELINE,
    /** Flyway's marker for a schema it created. */
    SCHEMA,
    /**
     * A down script that failed outside a transaction ({@code DROP INDEX CONCURRENTLY}…), recorded as a failed row
     * of the version it reverts: part of it may be done. Check the schema, fix the down script, {@code repair},
     * then revert again.
     */
    REVERT;
}
