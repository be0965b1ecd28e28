package dev.fleetway.report;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What {@code upgrade} or {@code install} did on one target.
 *
 * @param fromVersion the version before; null for an empty database
 * @param toVersion the version after; null when nothing is applied
 * @param applied the scripts applied, in order; empty when the target was already current
 * @param granted the app user that received grants; null when none is configured
 */
@RegisterForReflection
public record UpgradeResult(String target, String fromVersion, String toVersion, List<String> applied,
        String granted, long millis) {

    public UpgradeResult {
        applied = List.copyOf(applied);
    }

    public boolean alreadyCurrent() {
        return applied.isEmpty();
    }
}
