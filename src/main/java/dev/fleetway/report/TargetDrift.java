package dev.fleetway.report;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One target compared with what its migrations produce: the {@code result} of its entry in
 * {@code drift --format json} and {@code /api/v1/drift}.
 *
 * @param version the version it was compared at (its own); null when no versioned migration is applied
 * @param latestVersion the newest version among its migration files; null when there is none
 * @param pending versioned migrations newer than its version
 * @param differences each difference from the reference, in the order of {@link ObjectKind}, then by name
 * @param fixSql with {@code --fix-sql} and differences: the SQL that brings it back where that is mechanical (never
 *        run); null otherwise (and then absent)
 */
@RegisterForReflection
@JsonPropertyOrder({ "target", "kind", "database", "schema", "state", "version", "latestVersion", "pending",
        "differences", "fixSql" })
public record TargetDrift(String target, String kind, String database, String schema, DriftState state,
        String version, String latestVersion, int pending, List<Difference> differences,
        @JsonInclude(JsonInclude.Include.NON_NULL) String fixSql) {

    public TargetDrift {
        differences = List.copyOf(differences);
    }

    /** The same result with the repair script. */
    public TargetDrift withFixSql(String sql) {
        return new TargetDrift(target, kind, database, schema, state, version, latestVersion, pending, differences,
                sql);
    }
}
