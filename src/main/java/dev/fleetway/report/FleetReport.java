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
     * @param outcome {@code ok} (changed something), {@code current} (nothing to do), {@code failed} or
     *        {@code skipped} (not started after a failure, with {@code --fail-fast})
     * @param result the command's result for this target; null when it failed or was skipped
     * @param error the one-line failure; null otherwise
     */
    @RegisterForReflection
    @JsonPropertyOrder({ "target", "kind", "outcome", "exitCode", "result", "error" })
    public record Entry(String target, String kind, String outcome, int exitCode, Object result, String error) {
    }

    public static final String OK = "ok";
    public static final String CURRENT = "current";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";

    public static FleetReport of(int exitCode, List<Entry> entries) {
        Map<String, Long> summary = new LinkedHashMap<>();
        summary.put("targets", (long) entries.size());
        for (String outcome : List.of(OK, CURRENT, FAILED, SKIPPED)) {
            summary.put(outcome, entries.stream().filter(e -> e.outcome().equals(outcome)).count());
        }
        return new FleetReport(exitCode, summary, List.copyOf(entries));
    }
}
