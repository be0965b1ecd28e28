package dev.fleetway.report;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Where one migration stands in a target's database: one state derived from the file on disk joined with its
 * row in the history table (Flyway's {@code MigrationState}, folded into what an operator acts on). JSON and
 * tables show the {@link #label()}.
 */
@RegisterForReflection
public enum MigrationState implements Label {
    /** Applied successfully. Nothing to do. */
    APPLIED,
    /** Not applied yet. {@code upgrade} applies it. */
    PENDING,
    /**
     * Recorded as failed: it ran and failed (a transactional one was rolled back, a non-transactional one may be
     * partly applied). Fix the file, then {@code repair} (which removes the row) and {@code upgrade}.
     */
    FAILED,
    /** Applied after a higher version had been (Flyway's out-of-order mode). Nothing to do. */
    OUT_OF_ORDER,
    /**
     * Older than the current version and never applied, so it never will be: a file added late, under an old
     * version. Give it a version above the current one.
     */
    IGNORED,
    /** Covered by a baseline: the schema already held it when Fleetway or Flyway took over. Nothing to do. */
    BELOW_BASELINE;
}
