package dev.fleetway.report;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What {@code revert} did on one target.
 *
 * @param fromVersion the version before; null when nothing was applied
 * @param toVersion the version after; null when nothing remains applied
 * @param reverted the down scripts run, in order (newest version first); empty when there was nothing to revert
 * @param rerun the repeatable scripts whose history was removed so that the next apply runs them again
 * @param granted the app user whose grants were re-applied; null when none is configured
 */
@RegisterForReflection
public record RevertResult(String target, String fromVersion, String toVersion, List<String> reverted,
        List<String> rerun, String granted, long millis) {

    public RevertResult {
        reverted = List.copyOf(reverted);
        rerun = List.copyOf(rerun);
    }

    public boolean nothingReverted() {
        return reverted.isEmpty();
    }
}
