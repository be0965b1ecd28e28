package dev.fleetway.report;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One step of a {@code migrate}/{@code revert} plan: a script that would run against a target.
 *
 * @param version the migration's version; empty for a repeatable migration
 * @param type {@code up} (a {@code V} or {@code R} script is applied) or {@code down} (a {@code U} script reverts
 *        its version)
 * @param name how prompts name the step: {@code 3_create_projects}, or the description alone for a repeatable
 * @param description the migration's description
 * @param script the file that runs, e.g. {@code V3__create_projects.sql} or {@code U3__create_projects.sql}
 * @param source {@code present}: the file is in the migrations (a step without one is never planned)
 * @param database the migration's state before the step: {@code pending} for up steps, {@code applied} for
 *        down steps
 * @param sql the script's text with placeholders expanded, exactly as it would be sent
 * @param transactional whether it runs in a transaction (a down step: together with the removal of its history
 *        row); {@code false} for a script marked non-transactional
 */
@RegisterForReflection
public record PlannedStep(String version, Direction type, String name, String description, String script,
        SourceState source, MigrationState database, String sql, boolean transactional) {

    /** A step named the way prompts show it. */
    public static PlannedStep of(String version, Direction type, String description, String script,
            MigrationState database, String sql, boolean transactional) {
        String slug = description.strip().replaceAll("\\s+", "_");
        String name = version.isEmpty() ? slug : version + "_" + slug;
        return new PlannedStep(version, type, name, description, script, SourceState.PRESENT, database, sql,
                transactional);
    }

    @JsonIgnore
    public boolean isRepeatable() {
        return version.isEmpty();
    }
}
