package dev.fleetway.drift;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.execute.Fleet;
import dev.fleetway.execute.FleetRunner;
import dev.fleetway.execute.Outcome;
import dev.fleetway.flyway.HistoryTable;
import dev.fleetway.flyway.TargetSession;
import dev.fleetway.report.Difference;
import dev.fleetway.report.DriftState;
import dev.fleetway.report.ObjectKind;
import dev.fleetway.report.TargetDrift;
import dev.fleetway.tenant.Target;

/**
 * {@code drift}: compares each target's schema with what its own migrations produce at its version. Each target is
 * read, as its monitor user where one is configured and without a lock, with two queries (its history, then its
 * whole catalog, {@link Catalog}); its reference is asked for as soon as its version is known and built in the
 * background, once per run for every target that shares it ({@link References}), in the run's {@link Scratch} space,
 * which is gone when the run ends. The comparisons follow, once every target is read. Used by the CLI
 * ({@code drift}, {@code audit --drift}) and {@code serve}.
 */
public final class Drift {
    private final Fleet fleet;

    public Drift(Fleet fleet) {
        this.fleet = fleet;
    }

    /** One target as read: where its history puts it, its catalog, and the reference it is compared with. */
    private record Observed(AppliedState state, Catalog actual, References.Request reference) {
    }

    /**
     * Compares every target; one that cannot be compared (unreachable, no history, a failed migration, a reference
     * that cannot be built) is that target's failure, the run goes on.
     *
     * @param fixSql also write, for each drifted target, the SQL that brings it back where that is mechanical
     * @throws FleetwayException when there is no scratch space (see {@link Scratch#open})
     */
    public DriftRun check(List<Target> targets, FleetRunner runner, boolean fixSql) throws SQLException {
        try (Scratch scratch = Scratch.open(fleet.config(), fleet.connector());
                References references = new References(fleet, scratch)) {
            List<Outcome<Observed>> read = runner.run(targets, target -> observe(target, references));
            List<Outcome<TargetDrift>> outcomes = read.stream().map(o -> o.result().isEmpty()
                    ? o.map(observed -> (TargetDrift) null) : compared(o.target(), o.result().get(), references, fixSql))
                    .toList();
            return new DriftRun(outcomes, references.count(), Instant.now());
        }
    }

    private Observed observe(Target target, References references) throws SQLException {
        try (TargetSession session = fleet.read(target)) {
            HistoryTable history = session.history();
            List<HistoryTable.Row> rows = history.rows(session.connection()).orElseThrow(() -> new FleetwayException(
                    ExitCode.VALIDATION_FAILED, target.describe() + ": no history table " + history.qualifiedName()
                            + ", so no version to compare it at — run 'fleetway upgrade' (or 'fleetway baseline' for"
                            + " a schema made otherwise)"));
            AppliedState state = AppliedState.of(target, rows, session.flyways().source(),
                    session.flyways().expectedHistory());
            References.Request reference = references.request(target, state);
            Catalog actual = Catalog.read(session.connection(), target.schema(), target.appUser(), history.name(),
                    false);
            return new Observed(state, actual, reference);
        }
    }

    private static Outcome<TargetDrift> compared(Target target, Observed observed, References references,
            boolean fixSql) {
        try {
            return Outcome.ok(target, compare(target, observed, references.await(observed.reference()), fixSql));
        } catch (FleetwayException e) {
            return Outcome.failed(target, e);
        }
    }

    private static TargetDrift compare(Target target, Observed observed, References.Reference reference,
            boolean fixSql) {
        AppliedState state = observed.state();
        Catalog expected = reference.normalisedFor(target.schema());
        Normaliser normaliser = new Normaliser(target.schema(), reference.catalog().schema());
        List<Difference> differences = Differ.compare(expected, observed.actual().normalised(normaliser)).stream()
                .filter(d -> reference.grants() || d.kind() != ObjectKind.GRANT)
                .filter(d -> !reference.uncertain().contains(new Catalog.Key(d.kind(), d.name()))).toList();
        DriftState outcome = !differences.isEmpty() ? DriftState.DRIFTED
                : state.pending() > 0 ? DriftState.BEHIND : DriftState.IN_SYNC;
        TargetDrift result = new TargetDrift(target.id(), target.kind().label(), target.connection().database(),
                target.schema(), outcome, state.version(), state.latest().orElse(null), state.pending(), differences,
                null);
        return fixSql && !differences.isEmpty() ? result.withFixSql(FixSql.script(target, state, differences, expected))
                : result;
    }
}
