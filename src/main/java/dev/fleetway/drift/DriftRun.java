package dev.fleetway.drift;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.fleetway.ExitCode;
import dev.fleetway.execute.FleetRunner;
import dev.fleetway.execute.Outcome;
import dev.fleetway.report.DriftState;
import dev.fleetway.report.Envelope;
import dev.fleetway.report.TargetDrift;

/**
 * What one {@code drift} run found: each target's comparison (or why it could not be compared), in selection
 * order, and how many references were built. {@code drift --format json} and {@code serve}'s {@code /api/v1/drift}
 * print its {@link #envelope}.
 *
 * @param references the distinct references built (or attempted) for the run
 * @param at when the run ended
 */
public record DriftRun(List<Outcome<TargetDrift>> outcomes, int references, Instant at) {

    public DriftRun {
        outcomes = List.copyOf(outcomes);
    }

    /** A target's state: its comparison's, or {@code error} when it failed or was skipped. */
    public static DriftState state(Outcome<TargetDrift> outcome) {
        return outcome.result().map(TargetDrift::state).orElse(DriftState.ERROR);
    }

    public long count(DriftState state) {
        return outcomes.stream().filter(o -> state(o) == state).count();
    }

    /**
     * The run's exit code: that of its failures as in any fleet run (0 when none; 6 when some targets failed and
     * others were compared; else their common code), then 7 when {@code failOnDrift} and a target drifted.
     */
    public int exitCode(boolean failOnDrift) {
        ExitCode failures = FleetRunner.exitCode(outcomes);
        if (failures != ExitCode.OK) {
            return failures.code();
        }
        return failOnDrift && count(DriftState.DRIFTED) > 0 ? ExitCode.AUDIT_FINDINGS.code() : ExitCode.OK.code();
    }

    /**
     * The JSON envelope: one entry per target (its state as the outcome, its {@link TargetDrift} as the result, or
     * the error), the summary counting targets per state and the references built.
     */
    public Envelope envelope(String command, int exitCode) {
        List<Envelope.Entry> entries = outcomes.stream().map(o -> new Envelope.Entry(o.target().id(),
                o.target().kind().label(), state(o), o.exitCode().code(), o.result().orElse(null),
                o.failure().map(Throwable::getMessage).or(o::skipped).orElse(null))).toList();
        Map<String, Long> summary = new LinkedHashMap<>();
        summary.put("targets", (long) entries.size());
        for (DriftState state : DriftState.values()) {
            summary.put(state.label(), count(state));
        }
        summary.put("references", (long) references);
        return new Envelope(command, exitCode, summary, entries, null, null, at, null);
    }
}
