package dev.fleetway.report;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What {@code repair} changed on one target. */
@RegisterForReflection
public record RepairSummary(int failedRemoved, int realigned, int markedDeleted) {

    public boolean changedAnything() {
        return failedRemoved + realigned + markedDeleted > 0;
    }

    @Override
    public String toString() {
        return failedRemoved + " failed entr(ies) removed, " + realigned + " realigned, " + markedDeleted
                + " marked deleted";
    }
}
