package dev.fleetway.report;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One wave of a staged run, as the JSON envelope's {@code rollout} lists it.
 *
 * @param name {@code default database}, {@code canary}, {@code wave 1}…
 * @param targets how many targets it had
 * @param failed how many of them failed
 * @param budget how many could fail before the rollout stops
 * @param outcome {@code done}, {@code stopped} (over its budget: the rollout stopped here), {@code over-budget}
 *        (the last wave, over its budget: nothing was left to stop) or {@code skipped}
 */
@RegisterForReflection
public record WaveReport(String name, int targets, int failed, Integer budget, String outcome) {
}
