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
        return count(r -> r.database() == MigrationState.PENDING);
    }

    @JsonProperty
    public long failed() {
        return count(r -> r.database() == MigrationState.FAILED);
    }

    @JsonProperty
    public long missingInSource() {
        return count(r -> r.source() == SourceState.MISSING);
    }

    @JsonProperty
    public long checksumMismatches() {
        return count(r -> r.checksum() == ChecksumState.MISMATCH);
    }

    private long count(java.util.function.Predicate<MigrationRow> p) {
        return migrations.stream().filter(p).count();
    }
}
