package dev.fleetway.plan;

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
import dev.fleetway.flyway.HistoryTable;
import dev.fleetway.flyway.ScriptReader;
import dev.fleetway.flyway.TargetSession;
import dev.fleetway.report.Direction;
import dev.fleetway.report.MigrationRow;
import dev.fleetway.report.MigrationState;
import dev.fleetway.report.MigrationType;
import dev.fleetway.report.TargetStatus;
import dev.fleetway.source.Layout;
import dev.fleetway.source.MigrationFile;
import dev.fleetway.source.MigrationSource;
import dev.fleetway.tenant.Target;

/**
 * Read-only: turns a target's files and history into the {@link Plan} a write path runs. Every write path plans
 * here (upgrade, migrate, revert, step, serve's auto-migration), and so does its dry run.
 */
public final class Planner {
    private Planner() {
    }

    /**
     * The up plan: every pending migration in the order Flyway applies them (versioned by version, then
     * repeatable), or the part of it {@code bound} selects (see {@link #select}). A target the one history query
     * proves current gets an empty plan without Flyway being asked, and one it proves plainly behind (see
     * {@link HistoryCheck}) its pending files the same way; any other target is validated by Flyway.
     *
     * @param command the command named in the refusal of a schema without history ({@code upgrade}, {@code migrate})
     * @throws FleetwayException (nothing changed) exit 4 for a schema with objects but no history, and what
     *         {@link Preflight#validated} refuses: exit 1 for a recorded failure, exit 4 for a mismatch
     */
    public static Plan up(TargetSession session, Bound bound, String command) throws SQLException {
        Target target = session.target();
        MigrationSource source = session.flyways().source();
        Optional<HistoryCheck.Pending> plain = HistoryCheck.pending(session);
        if (plain.isPresent() && plain.get().isEmpty() && session.flyways().expectedHistory().latest() != null) {
            return Plan.nothing(target, Direction.UP, session.flyways().expectedHistory().latest(),
                    Plan.Basis.CONFIRMED_CURRENT);
        }
        List<MigrationFile> pending = new ArrayList<>();
        String from;
        Plan.Basis basis;
        if (plain.isPresent()) {
            // The one query proved the history a clean prefix of the files: what is pending needs no Flyway.
            from = plain.get().current();
            basis = Plan.Basis.CONFIRMED_PREFIX;
            for (MigrationFile file : source.files()) {
                boolean versioned = file.kind() == MigrationFile.Kind.VERSIONED && plain.get().versions()
                        .contains(MigrationVersion.fromVersion(file.version().orElseThrow()).getVersion());
                boolean repeatable = file.kind() == MigrationFile.Kind.REPEATABLE
                        && plain.get().repeatables().contains(file.description());
                if (versioned || repeatable) {
                    pending.add(file);
                }
            }
        } else if (!Preflight.hasHistoryOrRefuse(session, command)) {
            from = null;
            basis = Plan.Basis.FRESH;
            pending.addAll(source.files().stream().filter(f -> f.kind().isMigration()).toList());
        } else {
            TargetStatus status = Preflight.validated(target, session.flyway());
            from = status.currentVersion();
            basis = Plan.Basis.VALIDATED;
            // A changed repeatable has two pending rows (the outdated run and the new checksum): one file to apply.
            status.migrations().stream().filter(r -> r.database() == MigrationState.PENDING).map(MigrationRow::script)
                    .distinct().forEach(script -> pending.add(fileOf(source, script)));
        }
        List<Plan.Step> steps = new ArrayList<>();
        String version = from;
        for (MigrationFile file : select(inFlywayOrder(pending), bound)) {
            version = file.version().orElse(version);
            steps.add(Plan.Step.up(file, version, upTransactional(session, file)));
        }
        return new Plan(target, Direction.UP, from, version, steps, basis);
    }

    /** Versioned files by version, then repeatable files by description: the order Flyway applies them in. */
    static List<MigrationFile> inFlywayOrder(List<MigrationFile> files) {
        List<MigrationFile> ordered = new ArrayList<>(files.stream().filter(f -> f.version().isPresent())
                .sorted(Comparator.comparing(f -> MigrationVersion.fromVersion(f.version().orElseThrow()))).toList());
        ordered.addAll(files.stream().filter(f -> f.version().isEmpty())
                .sorted(Comparator.comparing(MigrationFile::description)).toList());
        return ordered;
    }

    /**
     * The part of the pending files a bound selects, a prefix of them: all without a bound, with {@code --to-baseline}
     * and with {@code --step} (which then asks about each); the first N with {@code --count N} (all when fewer
     * are pending); with {@code --target V} the versioned ones up to and including V, and the repeatable ones
     * only when that covers every pending versioned migration (repeatables are written against the newest
     * schema).
     */
    static List<MigrationFile> select(List<MigrationFile> pending, Bound bound) {
        return switch (bound.kind()) {
            case DEFAULT, ALL, STEP -> pending;
            case COUNT -> pending.subList(0, Math.min(bound.count(), pending.size()));
            case TARGET -> {
                MigrationVersion upTo = bound.targetVersion();
                List<MigrationFile> chosen = pending.stream().filter(f -> f.version().isPresent()
                        && !MigrationVersion.fromVersion(f.version().get()).isNewerThan(upTo)).toList();
                boolean everyVersioned = chosen.size() == pending.stream().filter(f -> f.version().isPresent()).count();
                yield everyVersioned ? pending : chosen;
            }
        };
    }

    /**
     * The down plan: which applied migrations a revert runs the down scripts of, newest version first. Without a
     * bound the newest applied migration; {@code --to-baseline} every applied migration above the baseline;
     * {@code --count N} the newest N (refused when fewer are applied); {@code --target V} every applied migration
     * newer than V; {@code --step} every applied migration down to the first one without a down script (the run
     * asks about each).
     *
     * @throws FleetwayException (nothing changed) what {@link Preflight#validated} refuses; exit 4 for a missing
     *         down script or a non-transactional statement in one; exit 2 for a bound that cannot be met
     */
    public static Plan down(TargetSession session, Bound bound) throws SQLException {
        Target target = session.target();
        TargetStatus status = Preflight.validated(target, session.flyway());
        List<MigrationRow> applied = status.migrations().stream()
                .filter(r -> r.type() == MigrationType.VERSIONED)
                .filter(r -> r.database() == MigrationState.APPLIED || r.database() == MigrationState.OUT_OF_ORDER)
                .sorted(Comparator.comparing((MigrationRow r) -> MigrationVersion.fromVersion(r.version())).reversed())
                .toList();
        List<MigrationRow> range = range(target, status, applied, bound);
        List<HistoryTable.Row> history = session.history().rows(session.connection()).orElse(List.of());
        ScriptReader scripts = session.scripts();
        MigrationSource source = session.flyways().source();
        Set<Integer> claimed = new HashSet<>();
        List<Plan.Step> steps = new ArrayList<>();
        for (int i = 0; i < range.size(); i++) {
            MigrationRow row = range.get(i);
            Optional<MigrationFile> undo = undoOf(source, row.version());
            if (undo.isEmpty() && bound.kind() == Bound.Kind.STEP && i > 0) {
                break; // --step offers the migrations down to the first one that cannot be reverted
            }
            if (undo.isEmpty()) {
                throw new FleetwayException(ExitCode.VALIDATION_FAILED, target.describe() + ": " + row.script()
                        + " has no down script, so it cannot be reverted and nothing was changed — add "
                        + downScriptFor(source, row) + " that undoes it, or revert only what is newer (--target "
                        + row.version() + ")");
            }
            MigrationFile file = undo.get();
            List<ScriptReader.Statement> statements = scripts.statements(file);
            boolean transactional = transactional(target, file, statements, source.layout());
            int rank = rankOf(history, row.version()).orElseThrow(() -> new FleetwayException(
                    ExitCode.VALIDATION_FAILED, target.describe() + ": " + row.script() + " is applied but has no"
                            + " successful history row — run 'fleetway status' and 'fleetway repair'"));
            List<String> rerun = new ArrayList<>();
            for (HistoryTable.Row h : history) {
                if (h.isRepeatable() && h.rank() > rank && claimed.add(h.rank())) {
                    rerun.add(h.script());
                }
            }
            String after = i + 1 < applied.size() ? applied.get(i + 1).version() : baseline(status).orElse(null);
            steps.add(new Plan.Step(row.version(), row.description(), row.script(), file, statements,
                    scripts.expand(file), rank, rerun, after, transactional));
        }
        String to = steps.isEmpty() ? status.currentVersion() : steps.get(steps.size() - 1).versionAfter();
        return new Plan(target, Direction.DOWN, status.currentVersion(), to, steps, Plan.Basis.VALIDATED);
    }

    /**
     * Whether an up script runs in a transaction, as Flyway decides it; a script that mixes statements that need one
     * with statements that cannot run in one, without declaring itself non-transactional, is refused here, before
     * anything changes, rather than by Flyway after the migrations before it. A script that cannot be read here (a
     * placeholder without a value) is left for Flyway to report when it gets to it.
     */
    private static boolean upTransactional(TargetSession session, MigrationFile file) throws SQLException {
        if (file.nonTransactional()) {
            return false;
        }
        // The same for every target of the run: parsed once, on the first target that plans the file.
        Optional<Boolean> known = session.flyways().transactional(file);
        if (known.isPresent()) {
            return known.get();
        }
        List<ScriptReader.Statement> statements;
        try {
            statements = session.scripts().statements(file);
        } catch (FleetwayException e) {
            return true;
        }
        boolean transactional = transactional(session.target(), file, statements, session.flyways().source().layout());
        session.flyways().rememberTransactional(file, transactional);
        return transactional;
    }

    /**
     * Whether a down script runs in one transaction with its history update: yes, unless it is declared
     * non-transactional ({@code -- fleetway:non-transactional}, {@code executeInTransaction=false}) or, as Flyway
     * decides for up scripts, its statements cannot run in a transaction ({@code DROP INDEX CONCURRENTLY}). A
     * script that mixes both kinds without declaring itself is refused, as Flyway refuses one.
     */
    private static boolean transactional(Target target, MigrationFile file, List<ScriptReader.Statement> statements,
            Layout layout) {
        if (file.nonTransactional()) {
            return false;
        }
        Optional<ScriptReader.Statement> outside = statements.stream().filter(s -> !s.transactional()).findFirst();
        if (outside.isEmpty()) {
            return true;
        }
        if (statements.stream().anyMatch(ScriptReader.Statement::transactional)) {
            throw new FleetwayException(ExitCode.VALIDATION_FAILED, target.describe() + ": " + file.script()
                    + " mixes statements that need a transaction with one that cannot run in one (line "
                    + outside.get().line() + "); nothing was changed — split it, or declare it with"
                    + " " + layout.declareOutside() + " to run every statement on its own");
        }
        return false;
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
        return status.migrations().stream().filter(r -> r.type() == MigrationType.BASELINE).map(MigrationRow::version)
                .findFirst();
    }

    /** The down script of a version, compared as Flyway compares versions ({@code U1_1} undoes {@code V1.1}). */
    private static Optional<MigrationFile> undoOf(MigrationSource source, String version) {
        MigrationVersion v = MigrationVersion.fromVersion(version);
        return source.files().stream()
                .filter(f -> f.kind() == MigrationFile.Kind.UNDO)
                .filter(f -> MigrationVersion.fromVersion(f.version().orElseThrow()).equals(v))
                .findFirst();
    }

    /** The newest successful history row that applied a version (not a repair's DELETE marker). */
    private static Optional<Integer> rankOf(List<HistoryTable.Row> history, String version) {
        MigrationVersion v = MigrationVersion.fromVersion(version);
        return history.stream()
                .filter(h -> h.success() && h.version() != null && !"DELETE".equals(h.type()))
                .filter(h -> MigrationVersion.fromVersion(h.version()).equals(v))
                .map(HistoryTable.Row::rank).reduce((a, b) -> b);
    }

    /** The script of a pending row, which Flyway names by {@link MigrationFile#script()}. */
    private static MigrationFile fileOf(MigrationSource source, String script) {
        return source.files().stream().filter(f -> f.kind().isMigration() && f.script().equals(script)).findFirst()
                .orElseThrow(() -> new IllegalStateException("pending migration " + script + " has no file"));
    }

    /** How the missing down script of an applied migration would be written, in the folder's layout. */
    private static String downScriptFor(MigrationSource source, MigrationRow row) {
        return source.files().stream().filter(f -> f.kind().isMigration() && f.script().equals(row.script()))
                .findFirst().map(f -> source.layout().downScriptFor(f))
                .orElse("a down script for version " + row.version());
    }
}
