package dev.fleetway.report;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The one JSON document of every command ({@code --format json}) and of {@code serve}'s {@code /api/v1}: what
 * ran, how it ended, counts, and one entry per target. Commands without targets ({@code lint}, {@code new}) put
 * their document in {@code result}; a command that failed before reaching any target puts its one-line error in
 * {@code error}.
 *
 * @param command the command, e.g. {@code upgrade}
 * @param exitCode the process's exit code
 * @param summary counts: {@code targets}, then one per outcome
 * @param targets one entry per target, in selection order; empty for commands without targets
 * @param result the document of a command without targets; null otherwise (and then absent)
 * @param error why the command failed before (or without) reaching its targets; null otherwise (absent)
 * @param generatedAt when the facts were read, for {@code audit}; null otherwise (absent)
 * @param rollout the phases and waves of a staged run, in run order; null otherwise (absent)
 */
@RegisterForReflection
@JsonPropertyOrder({ "command", "exitCode", "summary", "targets", "result", "error", "generatedAt", "rollout" })
public record Envelope(String command, int exitCode, Map<String, Long> summary, List<Entry> targets,
        @JsonInclude(JsonInclude.Include.NON_NULL) Object result,
        @JsonInclude(JsonInclude.Include.NON_NULL) String error,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant generatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<WaveReport> rollout) {

    /**
     * One target.
     *
     * @param outcome how it ended: {@code ok}, {@code current}, {@code failed}, {@code skipped} for commands that
     *        act, the target's state ({@code current}, {@code needs-upgrade}, …) for {@code audit} and
     *        {@code status}
     * @param exitCode the exit code this target alone would give
     * @param result the command's result for this target; null when it failed or was skipped
     * @param error the one-line failure, or why it was skipped; null otherwise
     */
    @RegisterForReflection
    @JsonPropertyOrder({ "target", "kind", "outcome", "exitCode", "result", "error" })
    public record Entry(String target, String kind, Label outcome, int exitCode, Object result, String error) {
    }

    public Envelope {
        summary = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(summary));
        targets = List.copyOf(targets);
    }

    /** An envelope of targets, counted by {@code outcomes} (each one counted, in this order, also when zero). */
    public static Envelope of(String command, int exitCode, List<Entry> entries, List<? extends Label> outcomes) {
        Map<String, Long> summary = new LinkedHashMap<>();
        summary.put("targets", (long) entries.size());
        for (Label outcome : outcomes) {
            summary.put(outcome.label(), entries.stream().filter(e -> e.outcome().equals(outcome)).count());
        }
        return new Envelope(command, exitCode, summary, entries, null, null, null, null);
    }

    /** The envelope of a command without targets. */
    public static Envelope ofResult(String command, int exitCode, Object result) {
        return new Envelope(command, exitCode, Map.of(), List.of(), result, null, null, null);
    }

    /** The envelope of a command that failed before reaching its targets. */
    public static Envelope ofError(String command, int exitCode, String error) {
        return new Envelope(command, exitCode, Map.of(), List.of(), null, error, null, null);
    }

    /** The same envelope, stamped with when its facts were read. */
    public Envelope at(Instant when) {
        return new Envelope(command, exitCode, summary, targets, result, error, when, rollout);
    }

    /** The same envelope, with the waves of a staged run. */
    public Envelope waves(List<WaveReport> waves) {
        return new Envelope(command, exitCode, summary, targets, result, error, generatedAt, List.copyOf(waves));
    }
}
