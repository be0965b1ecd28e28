package dev.fleetway.report;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What {@code tenants drop} did.
 *
 * @param placement whether its database or its schema was dropped
 * @param removedFrom the record removed ({@code tenants file PATH}, {@code tenant registry TABLE}); null when the
 *        tenant was declared where Fleetway does not write, and then {@code note} says where to remove it
 * @param note what is left for the operator to do; null when nothing is
 */
@RegisterForReflection
public record DropResult(String target, Placement placement, String database, String schema, String removedFrom,
        String note, long millis) {
}
