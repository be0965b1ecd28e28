package dev.fleetway.execute;

import dev.fleetway.tenant.Target;

/**
 * A fact of a run, published once where it happens (the fleet runner, the executor) and rendered by each
 * consumer in its own way: the progress line, the log (text or JSON lines), serve's metrics and state.
 */
public sealed interface Event {

    /** A fleet run over {@code targets} targets starts. */
    record RunStarted(int targets) implements Event {
    }

    /** The fleet run ended; {@code millis} from its start. */
    record RunFinished(int targets, long millis) implements Event {
    }

    /**
     * A wave of a staged run starts (the default database's phase, the canary, a wave of tenants).
     *
     * @param index the 1-based number of the wave, of {@code count}
     * @param staged whether the run is a staged rollout (canary, waves or a failure budget), not only phases
     */
    record WaveStarted(String name, int index, int count, int targets, int budget, boolean staged) implements Event {
    }

    /**
     * A wave ended (or was skipped, when an earlier one stopped the run).
     *
     * @param overBudget whether it had more failures than {@code budget}, which stops the run (when a wave follows)
     * @param staged whether the run is a staged rollout, not only a plain run's two phases
     */
    record WaveFinished(String name, int index, int count, int targets, int failed, int budget, boolean overBudget,
            boolean skipped, boolean staged) implements Event {
    }

    /** Work on a target starts (its connection is being opened). */
    record TargetStarted(Target target) implements Event {
    }

    /** The target's lock is held by another runner; this one waits for it (at most {@code --lock-wait}). */
    record LockWaiting(Target target, String holder) implements Event {
    }

    /**
     * A script gave up waiting for a table lock ({@code lock_timeout}) and will run again.
     *
     * @param attempt the 1-based attempt that gave up
     * @param retries how many retries the policy allows in all
     * @param holder the session that most likely held the lock; null when unknown
     */
    record LockRetry(Target target, String script, int attempt, int retries, long lockTimeoutMillis,
            long retryInMillis, String holder) implements Event {
    }

    /** A script was applied (up) or a down script reverted its migration (down). */
    record MigrationApplied(Target target, String script, String version, boolean down, long millis)
            implements Event {
    }

    /** Work on a target ended: done, failed, or skipped; {@code millis} from its start. */
    record TargetFinished(Target target, Outcome<?> outcome, long millis) implements Event {
    }
}
