package dev.fleetway.revert;

import java.util.ArrayList;
import java.util.List;

import dev.fleetway.flyway.ScriptReader;
import dev.fleetway.report.MigrationPlan;
import dev.fleetway.report.MigrationRow;
import dev.fleetway.report.PlannedStep;
import dev.fleetway.source.MigrationFile;
import dev.fleetway.tenant.Target;

/**
 * The down steps of one target, newest version first, computed read-only by {@link RevertPlanner} and run by
 * {@link Reverter} on the same locked session (so the history it was computed from cannot change in between).
 *
 * @param fromVersion the current version; null when nothing is applied
 * @param toVersion the version left after every step; null when nothing would remain applied
 * @param steps the migrations to revert, newest first; empty when there is nothing to revert
 */
public record RevertPlan(Target target, String fromVersion, String toVersion, List<Step> steps) {

    /**
     * One migration to revert.
     *
     * @param script the applied migration's script, e.g. {@code V5__create_invoice_lines.sql}
     * @param undo its down script
     * @param statements the down script's statements, placeholders expanded
     * @param sql the down script's full text, placeholders expanded
     * @param rank the {@code installed_rank} of the history row the step removes
     * @param rerun repeatable scripts whose history rows this step removes (they ran after this migration, so
     *        they may depend on what it created: the next apply runs them again)
     * @param versionAfter the version left once this step is done; null when none
     */
    public record Step(String version, String description, String script, MigrationFile undo,
            List<ScriptReader.Statement> statements, String sql, int rank, List<String> rerun, String versionAfter) {

        public Step {
            statements = List.copyOf(statements);
            rerun = List.copyOf(rerun);
        }

        /** The step as prompts, step lists and dry runs show it. */
        public PlannedStep planned() {
            return PlannedStep.of(version, PlannedStep.DOWN, description, undo.filename(), MigrationRow.APPLIED, sql);
        }
    }

    public RevertPlan {
        steps = List.copyOf(steps);
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** The plan of step {@code i} alone (for {@code --step}, which reverts one confirmed step at a time). */
    public RevertPlan only(int i) {
        String from = i == 0 ? fromVersion : steps.get(i - 1).versionAfter();
        return new RevertPlan(target, from, steps.get(i).versionAfter(), List.of(steps.get(i)));
    }

    public List<PlannedStep> planned() {
        return steps.stream().map(Step::planned).toList();
    }

    /** The repeatable scripts whose history rows the steps remove. */
    public List<String> rerun() {
        List<String> all = new ArrayList<>();
        steps.forEach(s -> all.addAll(s.rerun()));
        return all;
    }

    /** The dry-run view of this plan. */
    public MigrationPlan dryRun() {
        return new MigrationPlan(target.id(), target.kind().label(), target.connection().database(), target.schema(),
                PlannedStep.DOWN, fromVersion, toVersion, planned(), rerun(), target.appUser().orElse(null));
    }
}
