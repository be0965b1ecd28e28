package dev.fleetway.execute;

import java.sql.SQLException;
import java.util.List;

import dev.fleetway.flyway.TargetSession;
import dev.fleetway.plan.Bound;
import dev.fleetway.plan.Plan;
import dev.fleetway.plan.Planner;
import dev.fleetway.report.Direction;
import dev.fleetway.report.PlannedStep;

/**
 * {@code migrate --step} and {@code revert --step} on one target: the target stays locked from planning until
 * {@link #close()}, and the caller (who asks a person before each step) runs the planned steps one at a time, in
 * order, each in its own transaction with grants after it. A step that fails throws its error; the steps before
 * it stay done.
 */
public final class StepSession implements AutoCloseable {
    private final TargetSession session;
    private final Plan plan;
    private final Executor executor;
    private int done;
    private String version;

    private StepSession(TargetSession session, Plan plan, Executor executor) {
        this.session = session;
        this.plan = plan;
        this.executor = executor;
        this.version = plan.fromVersion();
    }

    /** Plans the steps on {@code session} (which holds the lock); closes it when planning fails. */
    static StepSession open(TargetSession session, Direction direction, Executor executor) throws SQLException {
        try {
            Plan plan = direction == Direction.UP ? Planner.up(session, Bound.step(), "migrate")
                    : Planner.down(session, Bound.step());
            return new StepSession(session, plan, executor);
        } catch (SQLException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** The steps, as the prompt lists them. */
    public List<PlannedStep> steps() throws SQLException {
        return plan.steps(session.scripts());
    }

    /** The version now: before any step, then after each step run. */
    public String version() {
        return version;
    }

    /** How many steps have run. */
    public int done() {
        return done;
    }

    /**
     * Runs the next step.
     *
     * @return the version after it
     * @throws IllegalStateException when every step has run
     */
    public String runNext() throws SQLException {
        if (done >= plan.steps().size()) {
            throw new IllegalStateException("every step has run");
        }
        Plan one = plan.only(done);
        version = plan.direction() == Direction.UP ? executor.apply(session, one).toVersion()
                : executor.revert(session, one).toVersion();
        done++;
        return version;
    }

    @Override
    public void close() throws SQLException {
        session.close();
    }
}
