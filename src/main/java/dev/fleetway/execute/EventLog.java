package dev.fleetway.execute;

import org.jboss.logging.Logger;

/**
 * Renders events as log lines (plain text on a terminal, JSON lines with {@code FLEETWAY_LOG_FORMAT=json}):
 * what an operator watching a run needs to see, warnings for what slows it down.
 */
public final class EventLog implements Events {
    private static final Logger LOG = Logger.getLogger(EventLog.class);

    @Override
    public void publish(Event event) {
        if (event instanceof Event.LockWaiting e) {
            LOG.infof("%s: waiting for the lock held by %s", e.target().describe(), e.holder());
        } else if (event instanceof Event.LockRetry e) {
            LOG.warnf("%s: %s gave up waiting for a lock after %d ms%s; retry %d of %d in %d ms",
                    e.target().describe(), e.script(), e.lockTimeoutMillis(),
                    e.holder() == null ? "" : " (held by " + e.holder() + ")", e.attempt(), e.retries(),
                    e.retryInMillis());
        } else if (event instanceof Event.WaveStarted e && e.staged() && e.count() > 1) {
            LOG.infof("%s (%d of %d): %d target(s), %d may fail", e.name(), e.index(), e.count(), e.targets(),
                    e.budget() == Integer.MAX_VALUE ? e.targets() : e.budget());
        } else if (event instanceof Event.WaveFinished e && e.overBudget() && e.index() < e.count()) {
            LOG.warnf("%s: %d of %d target(s) failed, over its budget of %d: the rollout stops", e.name(), e.failed(),
                    e.targets(), e.budget());
        } else if (event instanceof Event.MigrationApplied e) {
            LOG.debugf("%s: %s %s in %d ms", e.target().describe(), e.down() ? "reverted with" : "applied",
                    e.script(), e.millis());
        } else if (event instanceof Event.TargetFinished e && e.outcome().isFailure()) {
            LOG.debugf(e.outcome().failure().get(), "%s failed", e.target().describe());
        }
    }
}
