package dev.fleetway.report;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The status of one target: every migration known to the source or the history, in order.
 *
 * @param target {@code default} or the tenant id
 * @param kind {@code default} or {@code tenant}
 * @param database the database name
 * @param schema the schema holding the history table
 * @param currentVersion the highest applied version, null when nothing is applied
 */
@RegisterForReflection
public record TargetStatus(String target, String kind, String database, String schema, String currentVersion,
        List<MigrationRow> migrations) {

    public TargetStatus {
        migrations = List.copyOf(migrations);
    }

    @JsonProperty
    public long pending() {
        return count(r -> MigrationRow.PENDING.equals(r.database()));
    }

    @JsonProperty
    public long failed() {
        return count(r -> MigrationRow.FAILED.equals(r.database()));
    }

    @JsonProperty
    public long missingInSource() {
        return count(r -> MigrationRow.MISSING.equals(r.source()));
    }

    @JsonProperty
    public long checksumMismatches() {
        return count(r -> MigrationRow.MISMATCH.equals(r.checksum()));
    }

    private long count(java.util.function.Predicate<MigrationRow> p) {
        return migrations.stream().filter(p).count();
    }
}
