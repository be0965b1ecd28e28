package dev.fleetway.report;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One target's state in an {@code audit}: the row's {@code status}. JSON and tables show the {@link #label()}. */
@RegisterForReflection
public enum TargetState implements Label {
    /** Every migration applied, nothing failed, the files match. Nothing to do. */
    CURRENT,
    /** Pending migrations. Run {@code upgrade}. */
    NEEDS_UPGRADE,
    /**
     * A recorded failure, or reached but could not be audited (the error says why). Fix the file, {@code repair},
     * then {@code upgrade}; or fix what the error names.
     */
    FAILED,
    /**
     * History and files disagree: a checksum mismatch, an applied migration missing from the files, or a file
     * that can never be applied. {@code validate} names each; restore the files or {@code repair}.
     */
    DRIFTED,
    /** Could not connect or log in. Check the database, the URL and the credentials. */
    UNREACHABLE;
}
