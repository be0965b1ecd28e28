package dev.fleetway.drift;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.flywaydb.core.api.MigrationVersion;

import dev.fleetway.FleetwayException;
import dev.fleetway.db.Sql;
import dev.fleetway.execute.ApplyPolicy;
import dev.fleetway.execute.Events;
import dev.fleetway.execute.Executor;
import dev.fleetway.execute.Fleet;
import dev.fleetway.flyway.TargetSession;
import dev.fleetway.plan.Bound;
import dev.fleetway.plan.Planner;
import dev.fleetway.report.Difference;
import dev.fleetway.report.VerifiedMigration;
import dev.fleetway.report.VerifyProblem;
import dev.fleetway.report.VerifyReport;
import dev.fleetway.report.VerifyState;
import dev.fleetway.source.MigrationFile;
import dev.fleetway.tenant.Target;

/**
 * {@code verify}: in a {@link Scratch} space, applies the run's versioned migrations one at a time; after each, runs
 * its down script and compares the schema with the snapshot from before the migration, then applies it again and
 * compares with the snapshot from its first application. Migrations are applied and reverted by the same
 * {@link Planner} and {@link Executor} as {@code migrate} and {@code revert}. After a problem the scratch schema is
 * rebuilt up to that migration, so each problem is reported once, where it is. Repeatable scripts are applied once
 * at the end, as in a fresh install, and not compared. Needs no fleet.
 */
public final class Verifier {
    private final Fleet fleet;

    public Verifier(Fleet fleet) {
        this.fleet = fleet;
    }

    /**
     * Verifies the versioned migrations from {@code from} on (all without it); those before it are applied first,
     * unchecked.
     *
     * @throws FleetwayException exit 2 when there is no versioned migration (at or after {@code from}), or no scratch
     *         space (see {@link Scratch#open})
     */
    public VerifyReport verify(Optional<String> from) throws SQLException {
        List<MigrationFile> versioned = fleet.flyways().source().files().stream()
                .filter(f -> f.kind() == MigrationFile.Kind.VERSIONED)
                .sorted(Comparator.comparing(f -> MigrationVersion.fromVersion(f.version().orElseThrow()))).toList();
        Map<MigrationVersion, MigrationFile> downs = new HashMap<>();
        fleet.flyways().source().files().stream().filter(f -> f.kind() == MigrationFile.Kind.UNDO)
                .forEach(f -> downs.put(MigrationVersion.fromVersion(f.version().orElseThrow()), f));
        int first = first(versioned, from);
        try (Scratch scratch = Scratch.open(fleet.config(), fleet.connector())) {
            String schema = scratch.newSchema();
            Map<String, String> placeholders = new HashMap<>(fleet.config().placeholders());
            placeholders.putAll(fleet.config().defaultDatabase().placeholders());
            Target target = scratch.target(Target.DEFAULT_ID, schema, Optional.empty(), placeholders, Optional.empty());
            try (TargetSession session = fleet.open(target, false); Connection reader = scratch.connect()) {
                Run run = new Run(session, reader, fleet.flyways().table());
                List<VerifiedMigration> checked = new ArrayList<>();
                Optional<String> broken = first > 0 ? run.apply(first) : Optional.empty();
                for (int i = first; i < versioned.size(); i++) {
                    MigrationFile up = versioned.get(i);
                    if (broken.isPresent()) {
                        checked.add(new VerifiedMigration(up.version().orElseThrow(), up.script(), null,
                                VerifyState.NOT_RUN, List.of()));
                        continue;
                    }
                    VerifiedMigration result = run.check(up, Optional.ofNullable(downs.get(
                            MigrationVersion.fromVersion(up.version().orElseThrow()))), i);
                    checked.add(result);
                    if (result.problems().stream().anyMatch(p -> p.problem() == VerifyProblem.Kind.UP_FAILED)) {
                        broken = Optional.of(up.script());
                    }
                }
                List<String> repeatables = fleet.flyways().source().files().stream()
                        .filter(f -> f.kind() == MigrationFile.Kind.REPEATABLE).map(MigrationFile::script).sorted()
                        .toList();
                Optional<String> repeatablesFailed = broken.isPresent() || repeatables.isEmpty() ? Optional.empty()
                        : run.apply(Integer.MAX_VALUE);
                String start = first < versioned.size() ? versioned.get(first).version().orElseThrow() : null;
                return new VerifyReport(scratch.describe(), start, checked,
                        broken.isPresent() ? List.of() : repeatables, repeatablesFailed.orElse(null));
            }
        }
    }

    private static int first(List<MigrationFile> versioned, Optional<String> from) {
        if (versioned.isEmpty()) {
            throw FleetwayException.usage("no versioned (up) migrations to verify in the"
                    + " configured locations — check --migrations");
        }
        if (from.isEmpty()) {
            return 0;
        }
        if (!from.get().matches("\\d+([._]\\d+)*")) {
            throw FleetwayException.usage("--from '" + from.get() + "' is not a version — write digits separated by"
                    + " dots, e.g. --from 12 or --from 1.2");
        }
        MigrationVersion v = MigrationVersion.fromVersion(from.get().replace('_', '.'));
        for (int i = 0; i < versioned.size(); i++) {
            if (!v.isNewerThan(MigrationVersion.fromVersion(versioned.get(i).version().orElseThrow()))) {
                return i;
            }
        }
        throw FleetwayException.usage("--from " + from.get() + ": no migration has that version or a newer one (the"
                + " newest is " + versioned.get(versioned.size() - 1).version().orElseThrow() + ")");
    }

    /** One verification's scratch schema: the migrating session, a second session for snapshots. */
    private static final class Run {
        private final TargetSession session;
        private final Connection reader;
        private final String history;
        private final Executor executor = new Executor(ApplyPolicy.PLAIN, Events.none());

        Run(TargetSession session, Connection reader, String history) {
            this.session = session;
            this.reader = reader;
            this.history = history;
        }

        VerifiedMigration check(MigrationFile up, Optional<MigrationFile> down, int before) throws SQLException {
            String version = up.version().orElseThrow();
            String downName = down.map(MigrationFile::script).orElse(null);
            Catalog start = snapshot();
            Optional<String> failed = apply(1);
            if (failed.isPresent()) {
                return failed(version, up, downName, List.of(new VerifyProblem(VerifyProblem.Kind.UP_FAILED,
                        failed.get() + " (applied after the migrations before it)", List.of())));
            }
            if (down.isEmpty()) {
                return new VerifiedMigration(version, up.script(), null, VerifyState.NO_DOWN_SCRIPT, List.of());
            }
            Catalog applied = snapshot();
            List<VerifyProblem> problems = new ArrayList<>();
            Optional<String> reverted = revert();
            if (reverted.isPresent()) {
                problems.add(new VerifyProblem(VerifyProblem.Kind.DOWN_FAILED, reverted.get(), List.of()));
                return rebuilt(version, up, downName, problems, before + 1);
            }
            List<Difference> left = Differ.compare(start, snapshot());
            if (!left.isEmpty()) {
                problems.add(new VerifyProblem(VerifyProblem.Kind.DOWN_DOES_NOT_RESTORE, downName + " does not restore"
                        + " the schema from before " + up.script() + ": " + left.size() + " difference(s)", left));
            }
            Optional<String> again = apply(1);
            if (again.isPresent()) {
                problems.add(new VerifyProblem(VerifyProblem.Kind.CANNOT_REAPPLY, up.script() + " cannot be applied"
                        + " again after " + downName + ": " + again.get(), List.of()));
                return rebuilt(version, up, downName, problems, before + 1);
            }
            List<Difference> other = Differ.compare(applied, snapshot());
            if (!other.isEmpty()) {
                problems.add(new VerifyProblem(VerifyProblem.Kind.REAPPLY_DIFFERS, up.script() + " applied again"
                        + " after " + downName + " gives another schema than the first time: " + other.size()
                        + " difference(s)", other));
            }
            return problems.isEmpty()
                    ? new VerifiedMigration(version, up.script(), downName, VerifyState.OK, List.of())
                    : rebuilt(version, up, downName, problems, before + 1);
        }

        private VerifiedMigration failed(String version, MigrationFile up, String down, List<VerifyProblem> problems) {
            return new VerifiedMigration(version, up.script(), down, VerifyState.FAILED, problems);
        }

        /** The result after a problem, once the schema is rebuilt with the first {@code count} migrations. */
        private VerifiedMigration rebuilt(String version, MigrationFile up, String down, List<VerifyProblem> problems,
                int count) throws SQLException {
            try (Statement s = session.connection().createStatement()) {
                s.execute("DROP SCHEMA " + Sql.ident(session.target().schema()) + " CASCADE");
            }
            Optional<String> failed = apply(count);
            if (failed.isPresent()) {
                throw new FleetwayException(dev.fleetway.ExitCode.MIGRATION_FAILED, "verify: the scratch schema could"
                        + " not be rebuilt up to " + up.script() + " after its problem: " + failed.get());
            }
            return failed(version, up, down, problems);
        }

        /** Applies the next {@code count} pending migrations; the failure's message when one fails. */
        Optional<String> apply(int count) throws SQLException {
            try {
                executor.apply(session, Planner.up(session, count == Integer.MAX_VALUE ? Bound.none()
                        : Bound.count(count), "verify"));
                return Optional.empty();
            } catch (FleetwayException e) {
                return Optional.of(reason(e));
            }
        }

        /** Reverts the newest migration with its down script; the failure's message when it fails. */
        private Optional<String> revert() throws SQLException {
            try {
                executor.revert(session, Planner.down(session, Bound.none()));
                return Optional.empty();
            } catch (FleetwayException e) {
                return Optional.of(reason(e));
            }
        }

        private Catalog snapshot() throws SQLException {
            Catalog read = Catalog.read(reader, session.target().schema(), Optional.empty(), history, false);
            return read.normalised(new Normaliser(session.target().schema()));
        }

        /**
         * A failure's message ({@code U10__x.sql failed at line 2: ERROR: …}) without the scratch target's
         * description in front, nor what became of a real target and the advice after it.
         */
        private String reason(FleetwayException e) {
            String message = e.getMessage().replace(session.target().describe() + ": ", "");
            for (String tail : List.of("; it ", " — ")) {
                int cut = message.indexOf(tail);
                message = cut > 0 ? message.substring(0, cut) : message;
            }
            return message;
        }
    }
}
