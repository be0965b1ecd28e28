package dev.fleetway.report;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What {@code adopt} did to one target: the {@code outcome} of its {@link AdoptResult}. */
@RegisterForReflection
public enum AdoptOutcome implements Label {
    /** The history was written: the table created when missing, one row per migration the other tool applied. */
    ADOPTED,
    /** {@code --dry-run}: the history that would be written. */
    WOULD_ADOPT,
    /**
     * The history already holds what the other tool recorded (perhaps followed by newer migrations Fleetway applied
     * since), or the target has Fleetway history and no other state: nothing to do.
     */
    ALREADY_ADOPTED,
    /** No state recorded and an empty schema: {@code upgrade} installs it from scratch. */
    NOTHING_TO_ADOPT;

    /** Whether it changes the target (or with {@code --dry-run}, would). */
    public boolean changes() {
        return this == ADOPTED || this == WOULD_ADOPT;
    }
}
