package dev.fleetway.execute;

import java.util.List;

import dev.fleetway.report.AuditRow;
import dev.fleetway.report.TargetState;

/**
 * {@code --only}: narrows a selection to the targets a previous run left behind, read live (one audit). "Finish
 * what the last run left" is then one command, with the same rollout rules.
 */
public enum Only {
    /**
     * Targets with pending or failed migrations, and those that could not be read (unreachable or failing:
     * nothing proves them current).
     */
    BEHIND(List.of(TargetState.NEEDS_UPGRADE, TargetState.FAILED, TargetState.UNREACHABLE)),
    /** Targets with a recorded failure (or that could not be audited). */
    FAILED(List.of(TargetState.FAILED));

    private final List<TargetState> states;

    Only(List<TargetState> states) {
        this.states = states;
    }

    /** Whether {@code row}'s target stays in the selection. */
    public boolean keeps(AuditRow row) {
        return states.contains(row.status());
    }
}
