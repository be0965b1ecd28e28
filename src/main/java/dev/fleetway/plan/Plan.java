package dev.fleetway.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.fleetway.flyway.ScriptReader;
import dev.fleetway.report.Direction;
import dev.fleetway.report.MigrationPlan;
import dev.fleetway.report.MigrationState;
import dev.fleetway.report.PlannedCallback;
import dev.fleetway.report.PlannedStep;
import dev.fleetway.source.MigrationFile;
import dev.fleetway.tenant.Target;

/**
 * What a write path will do to one target, computed read-only by {@link Planner} on the session that then runs
 * it (under the target's lock, so the history cannot change in between). {@code --dry-run} prints it, the
 * executor runs it, {@code --step} runs it one step at a time: the three cannot disagree.
 *
 * @param direction up (apply) or down (revert)
 * @param fromVersion the current version; null when nothing is applied
 * @param toVersion the version after every step; null when nothing would remain applied
 * @param steps in the order they run; empty when there is nothing to do
 * @param basis how the planner knew the target's state
 */
public record Plan(Target target, Direction direction, String fromVersion, String toVersion, List<Step> steps,
        Basis basis) {

    /** How the planner knew the target's state. */
    public enum Basis {
        /** One query over the history proved the target current: nothing to do, Flyway not needed. */
        CONFIRMED_CURRENT,
        /**
         * One query over the history proved it a clean prefix of the files (all applied, unchanged, and every
         * pending version newer than the newest applied): the pending files follow, Flyway not needed to plan.
         */
        CONFIRMED_PREFIX,
        /** The schema has no history table yet: every migration is pending, nothing to validate. */
        FRESH,
        /** Flyway joined files and history and validated them. */
        VALIDATED
    }

    /**
     * One script to run.
     *
     * @param version the migration's version; empty for a repeatable script
     * @param script the migration the step is about, as the history names it (for up steps the file that runs,
     *        for down steps the {@code V} script being reverted)
     * @param file the script that runs: the {@code V} or {@code R} file up, the {@code U} file down
     * @param statements for down steps, which Fleetway runs itself: the down script's statements, placeholders
     *        expanded; empty for up steps, which Flyway runs
     * @param sql for down steps: the down script's full text, placeholders expanded; null for up steps (see
     *        {@link Plan#view})
     * @param rank for down steps: the {@code installed_rank} of the history row the step removes; 0 up
     * @param rerun for down steps: the repeatable scripts whose history rows it removes (they ran after this
     *        migration and may depend on it, so the next apply runs them again); empty up
     * @param versionAfter the version once the step is done; null when none
     * @param transactional whether the script runs in one transaction (with {@code lock_timeout}); false for a
     *        script declared non-transactional, or whose statements cannot run in a transaction
     */
    public record Step(String version, String description, String script, MigrationFile file,
            List<ScriptReader.Statement> statements, String sql, int rank, List<String> rerun, String versionAfter,
            boolean transactional) {

        public Step {
            statements = List.copyOf(statements);
            rerun = List.copyOf(rerun);
        }

        /** An up step: {@code file} is applied by Flyway, in a transaction when {@code transactional}. */
        static Step up(MigrationFile file, String versionAfter, boolean transactional) {
            return new Step(file.version().orElse(""), file.description(), file.script(), file, List.of(), null,
                    0, List.of(), versionAfter, transactional);
        }

        public boolean isRepeatable() {
            return version.isEmpty();
        }
    }

    public Plan {
        steps = List.copyOf(steps);
    }

    /** A target with nothing to do in this direction. */
    static Plan nothing(Target target, Direction direction, String version, Basis basis) {
        return new Plan(target, direction, version, version, List.of(), basis);
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** The scripts the steps run, in order. */
    public List<MigrationFile> files() {
        return steps.stream().map(Step::file).toList();
    }

    /** The newest version an up plan applies; empty when it applies only repeatable scripts (or nothing). */
    public Optional<String> lastVersion() {
        return steps.stream().filter(s -> !s.isRepeatable()).map(Step::version).reduce((a, b) -> b);
    }

    /** The plan of step {@code i} alone, for {@code --step}, which runs one confirmed step at a time. */
    public Plan only(int i) {
        String from = i == 0 ? fromVersion : steps.get(i - 1).versionAfter();
        return new Plan(target, direction, from, steps.get(i).versionAfter(), List.of(steps.get(i)), basis);
    }

    /** The repeatable scripts whose history rows a down plan removes. */
    public List<String> rerun() {
        List<String> all = new ArrayList<>();
        steps.forEach(s -> all.addAll(s.rerun()));
        return all;
    }

    /**
     * The plan as dry runs show it, up steps' SQL expanded through {@code scripts} (the target's own reader, so
     * placeholders take its values), with the SQL {@code callbacks} Flyway would fire around an up plan.
     */
    public MigrationPlan view(ScriptReader scripts, List<MigrationFile> callbacks) {
        List<PlannedCallback> fired = direction == Direction.DOWN ? List.of() : callbacks.stream()
                .filter(c -> !isEmpty() || !c.callbackEvent().orElse("").contains("EachMigrate"))
                .map(c -> new PlannedCallback(c.callbackEvent().orElseThrow(), c.script(), scripts.expand(c)))
                .toList();
        return new MigrationPlan(target.id(), target.kind().label(), target.connection().database(), target.schema(),
                direction, fromVersion, toVersion, steps(scripts), rerun(), target.appUser().orElse(null), fired);
    }

    /**
     * The steps as prompts and step tables list them. A script that is a section of a file (dbmate) starts with
     * blank lines in place of the file's lines before it, so that errors name the file's lines; they are left out
     * here.
     */
    public List<PlannedStep> steps(ScriptReader scripts) {
        return steps.stream().map(s -> PlannedStep.of(s.version(), direction, s.description(), s.file().script(),
                direction == Direction.UP ? MigrationState.PENDING : MigrationState.APPLIED,
                (s.sql() != null ? s.sql() : scripts.expand(s.file())).replaceFirst("^[\r\n]+", ""),
                s.transactional())).toList();
    }
}
