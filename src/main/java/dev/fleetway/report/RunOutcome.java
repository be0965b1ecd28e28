package dev.fleetway.report;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** How one target of a fleet run ended: the entry's {@code outcome}. */
@RegisterForReflection
public enum RunOutcome implements Label {
    /** Something was changed (migrations applied, reverted, repaired, granted). */
    OK,
    /** Nothing to do: already current. */
    CURRENT,
    /** It failed; the entry's error says why and how to fix it. */
    FAILED,
    /** Not started: {@code --fail-fast} stopped the run after another target failed. */
    SKIPPED;
}
