package dev.fleetway.report;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What {@code fleetway adopt} did (or, with {@code --dry-run}, would do) to one target.
 *
 * @param target the target's id
 * @param from what recorded the state: {@code golang-migrate}, {@code sqlx}, {@code dbmate}, {@code hasura},
 *        {@code flyway} or {@code --from-query}
 * @param state where it was read and what it records, e.g. {@code table public.schema_migrations: version 2}
 * @param outcome what was done (see {@link AdoptOutcome})
 * @param createsHistory whether the history table is (or would be) created
 * @param rows the history rows written (or that would be), in version order
 * @param version the version the history is at afterwards; null when none
 * @param pending how many migrations are left for {@code upgrade}
 */
@RegisterForReflection
public record AdoptResult(String target, String from, String state, AdoptOutcome outcome, boolean createsHistory,
        List<Row> rows, String version, int pending) {

    public AdoptResult {
        rows = List.copyOf(rows);
    }

    /** A history row, as Flyway would have written it for the migration. */
    @RegisterForReflection
    public record Row(String version, String description, String script, int checksum) {
    }

    /** Whether it changed the target, or with {@code --dry-run} would change it. */
    public boolean changed() {
        return outcome.changes();
    }
}
