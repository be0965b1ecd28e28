package dev.fleetway.report;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What {@code tenants create} did.
 *
 * @param placement its own database, or a schema
 * @param database the tenant's database
 * @param schema the tenant's schema (its history table's)
 * @param method cloned from the template, or migrated
 * @param template the template database cloned; null when migrated
 * @param templateBuilt whether the template was (re)built by this run, because the migrations or placeholders changed
 * @param note why it was migrated although templates are configured; null otherwise
 * @param version the version it is at; null when the migrations have only repeatable scripts
 * @param applied how many migrations this run applied to it (0 when cloned)
 * @param recordedIn where it is recorded ({@code tenants file PATH}, {@code tenant registry TABLE}); null when
 *        tenants come only from configuration, and then {@code configuration} is what to add
 * @param configuration the configuration to add when it is not recorded; null otherwise
 * @param granted the app user granted; null when none is configured
 */
@RegisterForReflection
public record ProvisionResult(String target, Placement placement, String database, String schema,
        ProvisionMethod method, String template, boolean templateBuilt, String note, String version, int applied,
        String recordedIn, String configuration, String granted, long millis) {
}
