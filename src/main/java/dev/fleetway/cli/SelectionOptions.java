package dev.fleetway.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.fleetway.execute.FleetRunner;
import dev.fleetway.execute.Only;
import dev.fleetway.tenant.Selection;
import dev.fleetway.tenant.Shard;
import picocli.CommandLine.Option;

/** The fleet selection options shared by {@code upgrade}, {@code status}, {@code validate}, {@code repair}, {@code grant} and {@code audit}. */
final class SelectionOptions {
    @Option(names = "--tenant", paramLabel = "ID", description = "Only this tenant (repeatable).")
    List<String> tenants = new ArrayList<>();

    @Option(names = "--all", description = "The default database and every tenant.")
    boolean all;

    @Option(names = "--exclude", paramLabel = "ID", description = "Leave this tenant out (repeatable).")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--shard", paramLabel = "I/N",
            description = "Only the I-th of N disjoint parts of the selection (0-based; e.g. $JOB_COMPLETION_INDEX/4).")
    String shard;

    @Option(names = "--label", paramLabel = "KEY=VALUE",
            description = "Only tenants with this label (repeatable: all must match); the default database stays.")
    List<String> labels = new ArrayList<>();

    @Option(names = "--only", paramLabel = "behind|failed",
            description = "Only targets with pending or failed migrations (behind), or a recorded failure (failed), read live.")
    Only only;

    @Option(names = "--parallel", paramLabel = "N",
            description = "Work on at most N targets (and connections) at once (default: fleetway.parallelism).")
    Integer parallel;

    @Option(names = "--fail-fast", description = "Start no new target after one fails.")
    boolean failFast;

    /** The selection the options give: the default database alone when none selects more. */
    Selection selection() {
        return selection(false);
    }

    /**
     * The selection the options give.
     *
     * @param fleetByDefault select the whole fleet when no option selects anything ({@code audit}, {@code serve})
     */
    Selection selection(boolean fleetByDefault) {
        Selection given = new Selection(List.copyOf(tenants), all, List.copyOf(excludes),
                Optional.ofNullable(shard).map(Shard::parse), labels());
        return fleetByDefault && !given.isFleet() ? given.withAll() : given;
    }

    /** {@code --label KEY=VALUE} options as a map. */
    private Map<String, String> labels() {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String label : labels) {
            int eq = label.indexOf('=');
            if (eq <= 0) {
                throw dev.fleetway.FleetwayException.usage("--label '" + label + "' is not KEY=VALUE — e.g. --label"
                        + " region=eu");
            }
            parsed.put(label.substring(0, eq).strip(), label.substring(eq + 1).strip());
        }
        return parsed;
    }

    /** What {@code --only} keeps; empty without it. */
    Optional<Only> only() {
        return Optional.ofNullable(only);
    }

    /** A runner for the selection: {@code --parallel} and {@code --fail-fast}. */
    FleetRunner runner(Context ctx) {
        if (parallel != null && parallel < 1) {
            throw dev.fleetway.FleetwayException.usage("--parallel must be at least 1 (got " + parallel + ")");
        }
        return ctx.runner(parallel, failFast);
    }
}
