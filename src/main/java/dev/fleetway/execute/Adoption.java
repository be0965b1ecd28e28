package dev.fleetway.execute;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import dev.fleetway.flyway.TargetSession;
import dev.fleetway.plan.AdoptPlan;
import dev.fleetway.plan.AdoptPlanner;
import dev.fleetway.plan.AdoptSource;
import dev.fleetway.report.AdoptResult;
import dev.fleetway.tenant.Target;

/**
 * {@code fleetway adopt}: takes over targets another tool migrated. Each target is planned ({@link AdoptPlanner})
 * and written on one session that holds the target's lock, so runners adopting the same target at once take turns
 * and the later ones find it adopted. The history table and its rows are written in one transaction: a failure
 * leaves the target as it was. The other tool's table is never touched. A dry run plans on a session without the
 * lock and writes nothing.
 */
public final class Adoption {
    private final Fleet fleet;

    public Adoption(Fleet fleet) {
        this.fleet = fleet;
    }

    /** Adopts (or with {@code dryRun} plans) every target, isolated per target, results in target order. */
    public List<Outcome<AdoptResult>> run(List<Target> targets, FleetRunner runner, AdoptSource source,
            boolean dryRun) {
        return runner.run(targets, target -> {
            try (TargetSession session = fleet.open(target, !dryRun)) {
                AdoptPlan plan = AdoptPlanner.plan(session, source, fleet.connector());
                if (dryRun || !plan.changes()) {
                    return plan.view(false);
                }
                write(session, plan);
                return plan.view(true);
            }
        });
    }

    private static void write(TargetSession session, AdoptPlan plan) throws SQLException {
        Connection c = session.connection();
        c.setAutoCommit(false);
        try {
            if (plan.createHistory()) {
                session.history().create(c);
            }
            session.history().append(c, plan.rows());
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException again) {
                e.addSuppressed(again);
            }
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
