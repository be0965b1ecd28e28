package dev.fleetway.execute;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;

import dev.fleetway.FleetwayException;
import dev.fleetway.db.SessionDataSource;
import dev.fleetway.report.PlannedStep;
import dev.fleetway.report.UpgradeResult;
import dev.fleetway.source.MigrationFile;
import dev.fleetway.tenant.Target;

/**
 * Applies a chosen part of a target's pending migrations ({@code migrate --target/--count/--step}) through
 * Flyway, on the locked session the steps were planned on, then grants the app user. The caller has run
 * {@code plan.Preflight}; {@link Upgrader} remains the path for "everything pending". The same care as
 * {@code upgrade}: the policy's {@code lock_timeout}/{@code statement_timeout} with retries on a lock timeout,
 * {@code --lint}, INVALID-index refusal; a failing migration is rolled back and recorded as failed.
 */
public final class Applier {
    private final String historyTable;
    private final ApplyPolicy policy;

    public Applier(String historyTable, ApplyPolicy policy) {
        this.historyTable = historyTable;
        this.policy = policy;
    }

    /**
     * Applies {@code steps}, a prefix of the target's pending steps as {@code plan.ApplyPlanner} orders them.
     *
     * @param currentVersion the version before, for the result
     * @throws FleetwayException exit 2 when the app user does not exist, exit 4 for a lint error or an INVALID
     *         index (all checked first), exit 1 when a migration fails
     */
    public UpgradeResult apply(TargetSession session, List<PlannedStep> steps, String currentVersion)
            throws SQLException {
        long start = System.nanoTime();
        Target target = session.target();
        Connection c = session.connection();
        Optional<String> app = target.appUser();
        if (app.isPresent()) {
            Grants.requireRole(c, target, app.get());
        }
        String after = currentVersion;
        List<String> applied = List.of();
        if (!steps.isEmpty()) {
            refuseUnsafe(session, steps);
            MigrateResult result = migrate(session, steps);
            applied = result.migrations.stream().map(m -> m.filepath.substring(m.filepath.lastIndexOf('/') + 1))
                    .toList();
            after = result.targetSchemaVersion != null ? result.targetSchemaVersion : after;
        }
        if (app.isPresent()) {
            Grants.apply(c, target, app.get(), historyTable);
        }
        return new UpgradeResult(target.id(), currentVersion, after, applied, app.orElse(null),
                (System.nanoTime() - start) / 1_000_000);
    }

    private void refuseUnsafe(TargetSession session, List<PlannedStep> steps) throws SQLException {
        Set<String> scripts = steps.stream().map(PlannedStep::script).collect(Collectors.toSet());
        List<MigrationFile> files = session.flyways().source().files().stream()
                .filter(f -> scripts.contains(f.filename())).toList();
        new MigrationRun(policy, historyTable).checkBefore(session, files);
    }

    /** Flyway migrate bounded to the steps, retried after a lock timeout (Flyway resumes where it stopped). */
    private MigrateResult migrate(TargetSession session, List<PlannedStep> steps) throws SQLException {
        Target target = session.target();
        MigrationVersion upTo = steps.stream().filter(s -> !s.isRepeatable())
                .map(s -> MigrationVersion.fromVersion(s.version())).reduce((a, b) -> b)
                .orElse(MigrationVersion.LATEST);
        Set<String> repeatables = steps.stream().filter(PlannedStep::isRepeatable).map(PlannedStep::script)
                .collect(Collectors.toSet());
        Flyway flyway = session.flyways().create(target, new SessionDataSource(session.connection()), upTo,
                repeatables);
        return new MigrationRun(policy, historyTable).run(session, flyway);
    }
}
