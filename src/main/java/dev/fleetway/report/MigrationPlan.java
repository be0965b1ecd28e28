package dev.fleetway.report;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What {@code --dry-run} found for one target: the steps that would run, in order, with their SQL. Nothing was
 * changed to compute it.
 *
 * @param direction {@code up} ({@code upgrade}, {@code migrate}) or {@code down} ({@code revert})
 * @param fromVersion the current version; null when nothing is applied
 * @param toVersion the version after the steps; null when nothing would remain applied
 * @param steps the steps in the order they would run; empty when there is nothing to do
 * @param rerun for {@code down}: the repeatable scripts whose history would be removed, so that the next apply
 *        runs them again; empty for {@code up}
 * @param grants the app user that would be granted afterwards; null when none is configured
 * @param callbacks for {@code up}: the SQL callbacks Flyway fires around the migrations (each-migration ones
 *        only when there is a migration to apply); empty for {@code down}
 */
@RegisterForReflection
public record MigrationPlan(String target, String kind, String database, String schema, Direction direction,
        String fromVersion, String toVersion, List<PlannedStep> steps, List<String> rerun, String grants,
        List<PlannedCallback> callbacks) {

    public MigrationPlan {
        steps = List.copyOf(steps);
        rerun = List.copyOf(rerun);
        callbacks = List.copyOf(callbacks);
    }

    @JsonIgnore
    public boolean isEmpty() {
        return steps.isEmpty();
    }
}
