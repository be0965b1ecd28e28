package dev.fleetway.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.flywaydb.core.api.MigrationVersion;

import dev.fleetway.flyway.ScriptReader;
import dev.fleetway.report.MigrationPlan;
import dev.fleetway.report.MigrationRow;
import dev.fleetway.report.PlannedStep;
import dev.fleetway.report.TargetStatus;
import dev.fleetway.source.MigrationFile;
import dev.fleetway.source.MigrationSource;
import dev.fleetway.tenant.Target;

/**
 * Read-only: the up steps of a target, in the order Flyway applies them (pending versioned migrations by
 * version, then pending repeatable migrations), and the part of them a {@link Bound} selects.
 */
public final class ApplyPlanner {
    private ApplyPlanner() {
    }

    /** Every pending migration of {@code status} as a step, its SQL read through {@code scripts}. */
    public static List<PlannedStep> pending(TargetStatus status, MigrationSource source, ScriptReader scripts) {
        List<PlannedStep> versioned = new ArrayList<>();
        List<PlannedStep> repeatable = new ArrayList<>();
        for (MigrationRow row : status.migrations()) {
            if (!MigrationRow.PENDING.equals(row.database())) {
                continue;
            }
            MigrationFile file = fileOf(source, row.script());
            PlannedStep step = PlannedStep.of(row.version(), PlannedStep.UP, row.description(), file.filename(),
                    MigrationRow.PENDING, scripts.expand(file));
            (step.isRepeatable() ? repeatable : versioned).add(step);
        }
        versioned.sort(Comparator.comparing(s -> MigrationVersion.fromVersion(s.version())));
        List<PlannedStep> steps = new ArrayList<>(versioned);
        steps.addAll(repeatable);
        return steps;
    }

    /**
     * The steps a bound selects, a prefix of {@code pending}: all of them without a bound, with {@code --all}
     * and with {@code --step} (which then asks about each); the first N with {@code --count N} (all when fewer
     * are pending); with {@code --target V} the versioned ones up to and including V, and the repeatable ones
     * only when that covers every pending versioned migration (repeatables are written against the newest
     * schema).
     */
    public static List<PlannedStep> select(List<PlannedStep> pending, Bound bound) {
        return switch (bound.kind()) {
            case DEFAULT, ALL, STEP -> pending;
            case COUNT -> pending.subList(0, Math.min(bound.count(), pending.size()));
            case TARGET -> {
                MigrationVersion upTo = bound.targetVersion();
                List<PlannedStep> chosen = pending.stream().filter(s -> !s.isRepeatable()
                        && !MigrationVersion.fromVersion(s.version()).isNewerThan(upTo)).toList();
                boolean everyVersioned = chosen.size() == pending.stream().filter(s -> !s.isRepeatable()).count();
                yield everyVersioned ? pending : chosen;
            }
        };
    }

    /** The dry-run view of applying {@code steps} to the target. */
    public static MigrationPlan plan(Target target, TargetStatus status, List<PlannedStep> steps) {
        String to = status.currentVersion();
        for (PlannedStep s : steps) {
            to = s.isRepeatable() ? to : s.version();
        }
        return new MigrationPlan(target.id(), target.kind().label(), target.connection().database(), target.schema(),
                PlannedStep.UP, status.currentVersion(), to, steps, List.of(), target.appUser().orElse(null));
    }

    private static MigrationFile fileOf(MigrationSource source, String script) {
        Optional<MigrationFile> byPath = source.files().stream().filter(f -> f.relativePath().equals(script))
                .findFirst();
        return byPath.or(() -> source.files().stream().filter(f -> f.filename().equals(script)).findFirst())
                .orElseThrow(() -> new IllegalStateException("pending migration " + script + " has no file"));
    }
}
