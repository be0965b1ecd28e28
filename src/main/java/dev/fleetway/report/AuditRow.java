package dev.fleetway.report;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One target in {@code audit}. Counts are null when the target was unreachable.
 *
 * @param labels the tenant's labels, sorted by key; empty for the default database
 * @param status the target's state
 * @param appUserGrantsOk whether the app user's grants are complete; null when no app user is configured
 *        or the target is unreachable
 * @param error why the target is unreachable, or was reached but could not be audited (then its status is
 *        {@code failed} and its counts null); null otherwise
 */
@RegisterForReflection
@JsonPropertyOrder({ "target", "kind", "database", "schema", "labels", "reachable", "currentVersion", "pending",
        "failed", "missingInSource", "checksumMismatches", "appUserGrantsOk", "status", "error" })
public record AuditRow(String target, String kind, String database, String schema, Map<String, String> labels,
        boolean reachable, String currentVersion, Long pending, Long failed, Long missingInSource,
        Long checksumMismatches, Boolean appUserGrantsOk, TargetState status, String error) {

    public AuditRow {
        labels = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(labels));
    }
}
