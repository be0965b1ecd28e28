package dev.fleetway.report;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Whether an applied migration's file still has the checksum it was applied with. */
@RegisterForReflection
public enum ChecksumState implements Label {
    /** Unchanged since it was applied. */
    OK,
    /** Edited after it was applied: restore the file, or {@code repair} to accept the new checksum. */
    MISMATCH;
}
