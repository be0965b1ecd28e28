package dev.fleetway.execute;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.flywaydb.core.api.output.MigrateResult;

import dev.fleetway.FleetwayException;
import dev.fleetway.plan.GrantCheck;
import dev.fleetway.plan.HistoryCheck;
import dev.fleetway.plan.Preflight;
import dev.fleetway.report.MigrationRow;
import dev.fleetway.report.TargetStatus;
import dev.fleetway.report.UpgradeResult;
import dev.fleetway.source.MigrationFile;
import dev.fleetway.tenant.Target;

/**
 * Applies pending migrations to one locked target, then grants the app user. Refuses, before changing
 * anything, a schema that has objects but no history, a recorded failure, and a source that no longer
 * matches what was applied. A migration that fails is rolled back by PostgreSQL and recorded as failed.
 */
public final class Upgrader {
    private final String historyTable;
    private final ApplyPolicy policy;

    public Upgrader(String historyTable, ApplyPolicy policy) {
        this.historyTable = historyTable;
        this.policy = policy;
    }

    /**
     * Upgrades the session's target to the newest version.
     *
     * @throws FleetwayException exit 4 for a non-empty schema without history or a validation problem, exit 1
     *         for a recorded or new migration failure
     */
    public UpgradeResult upgrade(TargetSession session) throws SQLException {
        long start = System.nanoTime();
        Target target = session.target();
        Connection c = session.connection();
        Optional<String> current = HistoryCheck.currentVersion(c, target, historyTable,
                session.flyways().expectedHistory());
        if (current.isPresent()) {
            // The common case of every deploy: nothing pending, answered from one query.
            String granted = grantIfIncomplete(c, target);
            return new UpgradeResult(target.id(), current.get(), current.get(), List.of(), granted,
                    (System.nanoTime() - start) / 1_000_000);
        }
        boolean fresh = !Preflight.hasHistoryOrRefuse(c, target, historyTable, "upgrade");
        if (target.appUser().isPresent()) {
            Grants.requireRole(c, target, target.appUser().get());
        }
        // A schema without history has nothing to validate: go straight to migrating (one Flyway
        // resolution fewer per target on a first install).
        String before = null;
        List<MigrationFile> pending = session.flyways().source().files().stream()
                .filter(f -> f.kind() != MigrationFile.Kind.UNDO).toList();
        if (!fresh) {
            TargetStatus status = Preflight.validated(target, session.flyway());
            before = status.currentVersion();
            Set<String> scripts = status.migrations().stream()
                    .filter(r -> MigrationRow.PENDING.equals(r.database())).map(MigrationRow::script)
                    .collect(Collectors.toSet());
            pending = pending.stream().filter(f -> scripts.contains(f.relativePath())).toList();
        }
        MigrationRun run = new MigrationRun(policy, historyTable);
        if (!pending.isEmpty()) {
            run.checkBefore(session, pending);
        }
        List<String> applied = List.of();
        String after = before;
        if (!pending.isEmpty()) {
            MigrateResult result = run.run(session);
            applied = result.migrations.stream().map(m -> m.filepath.substring(m.filepath.lastIndexOf('/') + 1))
                    .toList();
            after = result.targetSchemaVersion != null ? result.targetSchemaVersion : after;
        }
        Optional<String> granted = target.appUser();
        if (granted.isPresent()) {
            Grants.apply(c, target, granted.get(), historyTable);
        }
        return new UpgradeResult(target.id(), before, after, applied, granted.orElse(null),
                (System.nanoTime() - start) / 1_000_000);
    }

    /** Re-applies the grants only when the check finds them incomplete; returns the app user, or null. */
    private String grantIfIncomplete(Connection c, Target target) throws SQLException {
        if (target.appUser().isEmpty()) {
            return null;
        }
        String app = target.appUser().get();
        if (!GrantCheck.ok(c, target.schema(), app, historyTable)) {
            Grants.apply(c, target, app, historyTable);
        }
        return app;
    }

    /** The database's own error text, first line, with its SQLSTATE. */
    static String sqlError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return firstLine(sql.getMessage()) + " (SQLSTATE " + sql.getSQLState() + ")";
            }
        }
        return firstLine(e.getMessage());
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        return message.strip().lines().findFirst().orElse("unknown error");
    }
}
