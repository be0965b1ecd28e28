package dev.fleetway.revert;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.flywaydb.core.api.MigrationVersion;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.flyway.ScriptReader;
import dev.fleetway.plan.Bound;
import dev.fleetway.report.MigrationRow;
import dev.fleetway.report.TargetStatus;
import dev.fleetway.source.MigrationFile;
import dev.fleetway.source.MigrationSource;
import dev.fleetway.tenant.Target;

/**
 * Read-only: which applied migrations a revert runs the down scripts of, newest version first. The caller has
 * already refused what {@code plan.Preflight} refuses (a recorded failure, a checksum mismatch, …); this adds
 * the refusals of reverting, each before anything changes: a migration in range without a down script, a
 * down-script statement that cannot run in a transaction, a bound that cannot be met.
 */
public final class RevertPlanner {
    private RevertPlanner() {
    }

    /**
     * The revert plan for {@code bound}: without a bound the newest applied migration; {@code --all} every
     * applied migration above the baseline; {@code --count N} the newest N (refused when fewer are applied);
     * {@code --target V} every applied migration newer than V; {@code --step} every applied migration down to
     * the first one without a down script (the run asks about each).
     *
     * @param c the target's session, to read the history's row numbers (nothing is written)
     * @throws FleetwayException exit 4 for a missing down script or a non-transactional statement, exit 2 for a
     *         bound that cannot be met
     */
    public static RevertPlan plan(Connection c, Target target, String historyTable, TargetStatus status,
            MigrationSource source, ScriptReader scripts, Bound bound) throws SQLException {
        List<MigrationRow> applied = status.migrations().stream()
                .filter(r -> "versioned".equals(r.type()))
                .filter(r -> MigrationRow.APPLIED.equals(r.database()) || MigrationRow.OUT_OF_ORDER.equals(r.database()))
                .sorted(Comparator.comparing((MigrationRow r) -> MigrationVersion.fromVersion(r.version())).reversed())
                .toList();
        List<MigrationRow> range = range(target, status, applied, bound);
        List<History.Row> history = History.read(c, target.schema(), historyTable);
        Set<Integer> claimed = new HashSet<>();
        List<RevertPlan.Step> steps = new ArrayList<>();
        for (int i = 0; i < range.size(); i++) {
            MigrationRow row = range.get(i);
            Optional<MigrationFile> undo = undoOf(source, row.version());
            if (undo.isEmpty() && bound.kind() == Bound.Kind.STEP && i > 0) {
                break; // --step offers the migrations down to the first one that cannot be reverted
            }
            if (undo.isEmpty()) {
                throw new FleetwayException(ExitCode.VALIDATION_FAILED, target.describe() + ": " + row.script()
                        + " has no down script, so it cannot be reverted and nothing was changed — add U"
                        + row.version() + "__" + row.description().replace(' ', '_') + ".sql that undoes it, or"
                        + " revert only what is newer (--target " + row.version() + ")");
            }
            MigrationFile file = undo.get();
            List<ScriptReader.Statement> statements = scripts.statements(file);
            for (ScriptReader.Statement s : statements) {
                if (!s.transactional()) {
                    throw new FleetwayException(ExitCode.VALIDATION_FAILED, target.describe() + ": " + file.filename()
                            + " line " + s.line() + " cannot run inside a transaction, and a down script runs in one"
                            + " transaction with its history update; nothing was changed — remove CONCURRENTLY (or"
                            + " the statement) from the down script");
                }
            }
            int rank = rankOf(history, row.version()).orElseThrow(() -> new FleetwayException(
                    ExitCode.VALIDATION_FAILED, target.describe() + ": " + row.script() + " is applied but has no"
                            + " successful history row — run 'fleetway status' and 'fleetway repair'"));
            List<String> rerun = new ArrayList<>();
            for (History.Row h : history) {
                if (h.isRepeatable() && h.rank() > rank && claimed.add(h.rank())) {
                    rerun.add(h.script());
                }
            }
            String after = i + 1 < applied.size() ? applied.get(i + 1).version() : baseline(status).orElse(null);
            steps.add(new RevertPlan.Step(row.version(), row.description(), row.script(), file, statements,
                    scripts.expand(file), rank, rerun, after));
        }
        String to = steps.isEmpty() ? status.currentVersion() : steps.get(steps.size() - 1).versionAfter();
        return new RevertPlan(target, status.currentVersion(), to, steps);
    }

    private static List<MigrationRow> range(Target target, TargetStatus status, List<MigrationRow> applied,
            Bound bound) {
        return switch (bound.kind()) {
            case DEFAULT -> applied.subList(0, Math.min(1, applied.size()));
            case ALL, STEP -> applied;
            case COUNT -> {
                if (bound.count() > applied.size()) {
                    throw FleetwayException.usage(target.describe() + ": --count " + bound.count() + " asks for more"
                            + " than the " + applied.size() + " applied migration(s) that can be reverted; nothing was"
                            + " changed — use --count " + applied.size() + " or --all");
                }
                yield applied.subList(0, bound.count());
            }
            case TARGET -> {
                MigrationVersion keep = bound.targetVersion();
                Optional<String> baseline = baseline(status);
                if (baseline.isPresent() && MigrationVersion.fromVersion(baseline.get()).isNewerThan(keep)) {
                    throw FleetwayException.usage(target.describe() + ": --target " + bound.version() + " is below the"
                            + " baseline at version " + baseline.get() + ", which has no down scripts to run; nothing"
                            + " was changed — use --target " + baseline.get() + " or higher");
                }
                yield applied.stream().filter(r -> MigrationVersion.fromVersion(r.version()).isNewerThan(keep))
                        .toList();
            }
        };
    }

    private static Optional<String> baseline(TargetStatus status) {
        return status.migrations().stream().filter(r -> "baseline".equals(r.type())).map(MigrationRow::version)
                .findFirst();
    }

    /** The down script of a version, compared as Flyway compares versions ({@code U1_1} undoes {@code V1.1}). */
    private static Optional<MigrationFile> undoOf(MigrationSource source, String version) {
        MigrationVersion v = MigrationVersion.fromVersion(version);
        return source.undoFor(version).or(() -> source.files().stream()
                .filter(f -> f.kind() == MigrationFile.Kind.UNDO)
                .filter(f -> MigrationVersion.fromVersion(f.version().orElseThrow()).equals(v))
                .findFirst());
    }

    /** The newest successful history row that applied a version (not a repair's DELETE marker). */
    private static Optional<Integer> rankOf(List<History.Row> history, String version) {
        MigrationVersion v = MigrationVersion.fromVersion(version);
        return history.stream()
                .filter(h -> h.success() && h.version() != null && !"DELETE".equals(h.type()))
                .filter(h -> MigrationVersion.fromVersion(h.version()).equals(v))
                .map(History.Row::rank).reduce((a, b) -> b);
    }
}
