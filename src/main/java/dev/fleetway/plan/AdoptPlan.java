package dev.fleetway.plan;

import java.util.List;

import dev.fleetway.flyway.HistoryTable;
import dev.fleetway.report.AdoptOutcome;
import dev.fleetway.report.AdoptResult;
import dev.fleetway.tenant.Target;

/**
 * What {@code adopt} will do to one target, computed read-only by {@link AdoptPlanner} on the session that then
 * writes it (under the target's lock). {@code --dry-run} prints it; {@code execute.Adoption} writes exactly its
 * rows.
 *
 * @param from what recorded the state, for messages
 * @param state what was read, e.g. {@code table public.schema_migrations: version 2}
 * @param kind what adopting means for this target
 * @param createHistory whether the history table must be created (it does not exist yet)
 * @param rows the history rows to write, in version order; empty when nothing is written
 * @param version the version the history is at afterwards; null when none
 * @param pending how many migrations are left for {@code upgrade} afterwards
 */
public record AdoptPlan(Target target, String from, String state, Kind kind, boolean createHistory,
        List<HistoryTable.Adopted> rows, String version, int pending) {

    /** What adopting means for a target. */
    public enum Kind {
        /** Write the history (create the table and/or its rows). */
        WRITE,
        /** The history already holds what the other tool recorded (perhaps with newer migrations): nothing to do. */
        ALREADY_ADOPTED,
        /** Nothing recorded and nothing in the schema: {@code upgrade} installs it from scratch. */
        NOTHING
    }

    public AdoptPlan {
        rows = List.copyOf(rows);
    }

    /** Whether running it changes the target. */
    public boolean changes() {
        return kind == Kind.WRITE;
    }

    /**
     * The plan as {@code adopt} reports it.
     *
     * @param done whether it was run (else it is a dry run's)
     */
    public AdoptResult view(boolean done) {
        AdoptOutcome outcome = switch (kind) {
            case WRITE -> done ? AdoptOutcome.ADOPTED : AdoptOutcome.WOULD_ADOPT;
            case ALREADY_ADOPTED -> AdoptOutcome.ALREADY_ADOPTED;
            case NOTHING -> AdoptOutcome.NOTHING_TO_ADOPT;
        };
        return new AdoptResult(target.id(), from, state, outcome, createHistory, rows.stream()
                .map(r -> new AdoptResult.Row(r.version(), r.description(), r.script(), r.checksum())).toList(),
                version, pending);
    }
}
