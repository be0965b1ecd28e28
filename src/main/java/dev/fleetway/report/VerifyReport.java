package dev.fleetway.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import dev.fleetway.ExitCode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What {@code verify} found: the {@code result} of its JSON envelope.
 *
 * @param scratch where it ran (a scratch database, schemas in the default database, or the development database)
 * @param from the first version checked ({@code --from}); the ones before were applied without checks
 * @param migrations every versioned migration from {@code from} on, in version order
 * @param repeatables the repeatable scripts applied once after the versioned ones (not compared)
 * @param repeatablesError why the repeatable scripts failed to apply; null when they applied (and then absent)
 */
@RegisterForReflection
@JsonPropertyOrder({ "scratch", "from", "migrations", "repeatables", "repeatablesError" })
public record VerifyReport(String scratch, String from, List<VerifiedMigration> migrations, List<String> repeatables,
        @JsonInclude(JsonInclude.Include.NON_NULL) String repeatablesError) {

    public VerifyReport {
        migrations = List.copyOf(migrations);
        repeatables = List.copyOf(repeatables);
    }

    public long count(VerifyState state) {
        return migrations.stream().filter(m -> m.state() == state).count();
    }

    /**
     * 0 when every migration checked is {@code ok} or has no down script; 1 when a migration (or a repeatable
     * script) failed to apply; else 4 when a down script failed or does not restore, or a migration cannot be applied
     * again the same.
     */
    public ExitCode exitCode() {
        boolean upFailed = repeatablesError != null || migrations.stream().flatMap(m -> m.problems().stream())
                .anyMatch(p -> p.problem() == VerifyProblem.Kind.UP_FAILED);
        return upFailed ? ExitCode.MIGRATION_FAILED
                : count(VerifyState.FAILED) > 0 ? ExitCode.VALIDATION_FAILED : ExitCode.OK;
    }

    /** The envelope of {@code verify --format json}: no targets, this report as its result, counts per state. */
    public Envelope envelope(String command) {
        Map<String, Long> summary = new LinkedHashMap<>();
        summary.put("migrations", (long) migrations.size());
        for (VerifyState state : VerifyState.values()) {
            summary.put(state.label(), count(state));
        }
        return new Envelope(command, exitCode().code(), summary, List.of(), this, null, null, null);
    }
}
