package dev.fleetway.report;

/**
 * Renders a {@link MigrationPlan} for people: every line that is not SQL is a {@code --} comment, so the output
 * of {@code upgrade --dry-run} can be read as (and fed to) one SQL script.
 */
public final class PlanText {
    private static final String NL = System.lineSeparator();

    private PlanText() {
    }

    /** @param heading how the target is named, e.g. {@code default database (db app on db:5432)} */
    public static String render(String heading, MigrationPlan plan) {
        boolean down = plan.direction() == Direction.DOWN;
        StringBuilder text = new StringBuilder("-- ").append(heading).append(": dry run, nothing was changed").append(NL);
        if (plan.isEmpty()) {
            text.append("-- nothing to ").append(down ? "revert" : "apply").append("; at version ")
                    .append(orNone(plan.fromVersion())).append(NL);
            callbacks(text, plan);
            return text.toString();
        }
        text.append("-- would ").append(down ? "revert " : "apply ").append(plan.steps().size())
                .append(" migration(s), version ").append(orNone(plan.fromVersion())).append(" -> ")
                .append(orNone(plan.toVersion()));
        if (plan.grants() != null) {
            text.append(", then grant '").append(plan.grants()).append("'");
        }
        text.append(NL);
        for (String script : plan.rerun()) {
            text.append("-- ").append(script).append(" would run again on the next apply (its history row is removed)")
                    .append(NL);
        }
        int i = 0;
        for (PlannedStep step : plan.steps()) {
            i++;
            text.append(NL).append("-- step ").append(i).append('/').append(plan.steps().size()).append(": ")
                    .append(step.type().label()).append(' ').append(step.name()).append(" (").append(step.script()).append(')');
            if (down && step.transactional()) {
                text.append(", in one transaction with the removal of its history row");
            } else if (down) {
                text.append(", outside a transaction; its history row is removed once it succeeded");
            } else if (!step.transactional()) {
                text.append(", outside a transaction");
            }
            text.append(NL).append(step.sql().stripTrailing()).append(NL);
        }
        callbacks(text, plan);
        return text.toString();
    }

    private static void callbacks(StringBuilder text, MigrationPlan plan) {
        for (PlannedCallback callback : plan.callbacks()) {
            text.append(NL).append("-- callback ").append(callback.script()).append(" (on ").append(callback.event())
                    .append(")").append(NL).append(callback.sql().stripTrailing()).append(NL);
        }
    }

    private static String orNone(String version) {
        return version == null ? "none" : version;
    }
}
