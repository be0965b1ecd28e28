package dev.fleetway.report;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Whether a migration's file is among the migrations. JSON and tables show the {@link #label()}. */
@RegisterForReflection
public enum SourceState implements Label {
    /** The file is there (baseline and schema markers have none and count as present). */
    PRESENT,
    /**
     * Applied, but its file is gone: restore it, or {@code repair} to mark it deleted. Applied versions above the
     * newest file come from a newer release and are no problem.
     */
    MISSING;
}
