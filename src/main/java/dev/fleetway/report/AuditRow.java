package dev.fleetway.report;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param drift with {@code audit --drift}: how its schema compares with what its migrations produce; null (and
 *        absent) otherwise
 */
@RegisterForReflection
@JsonPropertyOrder({ "target", "kind", "database", "schema", "labels", "reachable", "currentVersion", "pending",
        "failed", "missingInSource", "checksumMismatches", "appUserGrantsOk", "status", "error", "drift" })
public record AuditRow(String target, String kind, String database, String schema, Map<String, String> labels,
        boolean reachable, String currentVersion, Long pending, Long failed, Long missingInSource,
        Long checksumMismatches, Boolean appUserGrantsOk, TargetState status, String error,
        @JsonInclude(JsonInclude.Include.NON_NULL) SchemaDrift drift) {

    /**
     * The drift column of {@code audit --drift}.
     *
     * @param differences how many objects differ (0 unless {@code drifted})
     */
    @RegisterForReflection
    public record SchemaDrift(DriftState state, int differences) {
        /** As the table shows it: {@code in sync}, {@code drifted (3)}, {@code behind}, {@code error}. */
        public String text() {
            return state == DriftState.DRIFTED ? state.text() + " (" + differences + ")" : state.text();
        }
    }

    public AuditRow {
        labels = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(labels));
    }

    /** A row without the drift column. */
    public AuditRow(String target, String kind, String database, String schema, Map<String, String> labels,
            boolean reachable, String currentVersion, Long pending, Long failed, Long missingInSource,
            Long checksumMismatches, Boolean appUserGrantsOk, TargetState status, String error) {
        this(target, kind, database, schema, labels, reachable, currentVersion, pending, failed, missingInSource,
                checksumMismatches, appUserGrantsOk, status, error, null);
    }

    /** The same row with its drift column. */
    public AuditRow withDrift(SchemaDrift value) {
        return new AuditRow(target, kind, database, schema, labels, reachable, currentVersion, pending, failed,
                missingInSource, checksumMismatches, appUserGrantsOk, status, error, value);
    }
}
