package dev.fleetway.report;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One target's state in a {@code drift} run: the entry's {@code outcome}. JSON shows the {@link #label()}; text
 * writes {@link #text()}.
 */
@RegisterForReflection
public enum DriftState implements Label {
    /** Its schema is what its migrations produce at its version. Nothing to do. */
    IN_SYNC,
    /**
     * Its schema differs from what its migrations produce at its version (a hand-made change, an incident, a restore
     * from an old dump); each difference is listed. {@code --fix-sql} prints what brings it back where that is
     * mechanical; otherwise write a migration that makes the change official, or undo it by hand.
     */
    DRIFTED,
    /**
     * Migrations are pending; its schema is what its own version produces. Run {@code upgrade}. (A target behind and
     * drifted is {@code drifted}, compared at its own version.)
     */
    BEHIND,
    /**
     * Could not be compared: unreachable, no history table, a failed migration, a version not among the files, or its
     * reference could not be built. The error says which, and how to fix it.
     */
    ERROR;

    /** How text output writes the state: {@code in sync}, {@code drifted}, {@code behind}, {@code error}. */
    public String text() {
        return label().replace('-', ' ');
    }
}
