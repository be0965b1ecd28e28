package dev.fleetway.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The JSON of a fleet run ({@code upgrade}, {@code repair}, {@code grant}, {@code validate} with a fleet
 * selection): one entry per target in selection order, and counts per outcome.
 */
@RegisterForReflection
@JsonPropertyOrder({ "exitCode", "summary", "targets" })
public record FleetReport(int exitCode, Map<String, Long> summary, List<Entry> targets) {

    /**
     * @param outcome how the target's run ended
     * @param result the command's result for this target; null when it failed or was skipped
     * @param error the one-line failure; null otherwise
     */
    @RegisterForReflection
    @JsonPropertyOrder({ "target", "kind", "outcome", "exitCode", "result", "error" })
    public record Entry(String target, String kind, RunOutcome outcome, int exitCode, Object result, String error) {
    }

    public static FleetReport of(int exitCode, List<Entry> entries) {
        Map<String, Long> summary = new LinkedHashMap<>();
        summary.put("targets", (long) entries.size());
        for (RunOutcome outcome : RunOutcome.values()) {
            summary.put(outcome.label(), entries.stream().filter(e -> e.outcome() == outcome).count());
        }
        return new FleetReport(exitCode, summary, List.copyOf(entries));
    }
}
