package dev.fleetway.execute;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.config.FleetwayConfig;
import dev.fleetway.db.Connector;
import dev.fleetway.flyway.FlywayFactory;
import dev.fleetway.plan.Auditor;
import dev.fleetway.report.AuditReport;
import dev.fleetway.report.AuditRow;
import dev.fleetway.report.UpgradeResult;
import dev.fleetway.source.MigrationSource;
import dev.fleetway.tenant.Selection;
import dev.fleetway.tenant.Target;
import dev.fleetway.tenant.TenantDirectory;

/**
 * The fleet as one run sees it: its configuration, the tenant directory, a connector, and the migration
 * files (read on first use, then shared by every target). Used by the CLI commands and by {@code serve}.
 * Thread-safe: fleet runs open sessions from several workers.
 */
public final class Fleet {
    private final FleetwayConfig config;
    private final Connector connector;
    private FlywayFactory flyways;

    public Fleet(FleetwayConfig config) {
        this.config = config;
        this.connector = new Connector(config.connectTimeout());
    }

    public FleetwayConfig config() {
        return config;
    }

    public Connector connector() {
        return connector;
    }

    public TenantDirectory tenants() {
        return new TenantDirectory(config, connector);
    }

    /** The targets a selection names (just the default database without a selector). */
    public List<Target> select(Selection selection) throws SQLException {
        return tenants().select(selection);
    }

    /** The Flyway factory over this run's migration files; the files are read on the first call. */
    public synchronized FlywayFactory flyways() {
        if (flyways == null) {
            flyways = new FlywayFactory(MigrationSource.load(config.locations()), config.table(),
                    config.placeholders());
        }
        return flyways;
    }

    /** Opens the target; {@code locked} takes its advisory lock, waiting at most {@code fleetway.lock-wait}. */
    public TargetSession open(Target target, boolean locked) throws SQLException {
        return TargetSession.open(target, connector, flyways(), locked ? Optional.of(config.lockWait()) : Optional.empty());
    }

    /** Upgrades every target, isolated per target, results in target order. */
    public List<Outcome<UpgradeResult>> upgrade(List<Target> targets, FleetRunner runner, ApplyPolicy policy) {
        Upgrader upgrader = new Upgrader(config.table(), policy);
        return runner.run(targets, target -> {
            try (TargetSession session = open(target, true)) {
                return upgrader.upgrade(session);
            }
        });
    }

    /** Audits every target; an unreachable one is a row, not a failure. Read-only, no lock. */
    public AuditReport audit(List<Target> targets, FleetRunner runner) {
        String table = config.table();
        List<Outcome<AuditRow>> outcomes = runner.run(targets, target -> {
            try (TargetSession session = open(target, false)) {
                return Auditor.audit(target, session.connection(), session::flyway,
                        session.flyways().expectedHistory(), table);
            }
        });
        // Only a connection failure makes a target unreachable; anything else (no permission on the history,
        // files Flyway rejects) is reported as reached but failing, with the reason.
        List<AuditRow> rows = outcomes.stream().map(o -> o.result().orElseGet(() -> {
            FleetwayException failure = o.failure().orElseThrow();
            return failure.exitCode() == ExitCode.UNREACHABLE ? Auditor.unreachable(o.target(), failure)
                    : Auditor.broken(o.target(), failure);
        })).toList();
        return AuditReport.of(Instant.now(), rows);
    }
}
