package dev.fleetway.report;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import dev.fleetway.ExitCode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The {@code audit} document: one row per target in selection order, and the number of targets per status.
 * This is the stable JSON that scripts (and the HTTP API) read; see the README for its fields.
 */
@RegisterForReflection
@JsonPropertyOrder({ "generatedAt", "summary", "targets" })
public record AuditReport(Instant generatedAt, Map<String, Long> summary, List<AuditRow> targets) {

    public static AuditReport of(Instant at, List<AuditRow> rows) {
        Map<String, Long> summary = new LinkedHashMap<>();
        summary.put("targets", (long) rows.size());
        for (TargetState status : TargetState.values()) {
            summary.put(status.label(), rows.stream().filter(r -> r.status() == status).count());
        }
        return new AuditReport(at, summary, List.copyOf(rows));
    }

    /** The same report with each row's drift column, by target id (a row not in {@code drift} keeps none). */
    public AuditReport withDrift(Map<String, AuditRow.SchemaDrift> drift) {
        return new AuditReport(generatedAt, summary, targets.stream()
                .map(r -> drift.containsKey(r.target()) ? r.withDrift(drift.get(r.target())) : r).toList());
    }

    /** The audit as the JSON envelope: each row is a target's result, its state the outcome. */
    public Envelope envelope(String command, int exitCode) {
        List<Envelope.Entry> entries = targets.stream().map(r -> new Envelope.Entry(r.target(), r.kind(), r.status(),
                r.status() == TargetState.UNREACHABLE ? ExitCode.UNREACHABLE.code()
                        : r.error() != null ? ExitCode.MIGRATION_FAILED.code() : ExitCode.OK.code(), r, r.error()))
                .toList();
        return Envelope.of(command, exitCode, entries, List.of(TargetState.values())).at(generatedAt);
    }
}
