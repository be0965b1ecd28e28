package dev.fleetway.execute;

import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.db.SqlState;
import dev.fleetway.tenant.Target;

/**
 * Runs one task per target, at most {@code parallelism} at once (each task holds one connection, so that is
 * also the bound on open connections), and isolates failures: a failing target is recorded and the run goes
 * on, unless {@code failFast}, which stops starting new targets. Results come back in the order of the
 * targets given, whatever order they finished in.
 */
public final class FleetRunner {
    /** The work on one target; may throw anything, which is turned into that target's failure. */
    @FunctionalInterface
    public interface Task<R> {
        R run(Target target) throws Exception;
    }

    private final int parallelism;
    private final boolean failFast;
    private final Events events;
    private final AtomicBoolean stop = new AtomicBoolean();
    private volatile String stopReason = "the run was stopped";

    /** @param events told when the run starts and as each target starts and finishes */
    public FleetRunner(int parallelism, boolean failFast, Events events) {
        if (parallelism < 1) {
            throw FleetwayException.usage("parallelism must be at least 1 (got " + parallelism + ")");
        }
        this.parallelism = parallelism;
        this.failFast = failFast;
        this.events = events;
    }

    /** How many targets run at once (and so connections are open). */
    public int parallelism() {
        return parallelism;
    }

    /**
     * What a staged run did: the outcomes (in run order), each wave's report, and why it stopped, if it did.
     *
     * @param stopped the wave over its failure budget, and the reason; empty when every wave ran
     */
    public record Staged<R>(List<Outcome<R>> outcomes, List<Event.WaveFinished> waves, Optional<String> stopped) {
    }

    /**
     * Runs {@code waves} one after the other, each as {@link #run}, waiting {@code pause} between them. A wave with
     * more failures than its budget stops the run: the targets of the waves after it, if any, are skipped, saying why
     * ({@code --fail-fast} after a failure does the same).
     */
    public <R> Staged<R> run(List<Rollout.Wave> waves, Duration pause, Task<R> task) {
        long start = System.nanoTime();
        int total = waves.stream().mapToInt(w -> w.targets().size()).sum();
        events.publish(new Event.RunStarted(total));
        try {
            return inWaves(waves, pause, task);
        } finally {
            events.publish(new Event.RunFinished(total, (System.nanoTime() - start) / 1_000_000));
        }
    }

    private <R> Staged<R> inWaves(List<Rollout.Wave> waves, Duration pause, Task<R> task) {
        List<Outcome<R>> outcomes = new ArrayList<>();
        List<Event.WaveFinished> reports = new ArrayList<>();
        Optional<String> stopped = Optional.empty();
        for (int i = 0; i < waves.size(); i++) {
            Rollout.Wave wave = waves.get(i);
            if (stopped.isPresent() || stop.get()) {
                String why = stopped.orElse(stopReason);
                wave.targets().forEach(t -> outcomes.add(Outcome.skipped(t, why)));
                reports.add(new Event.WaveFinished(wave.name(), i + 1, waves.size(), wave.targets().size(), 0,
                        wave.budget(), false, true, wave.staged()));
                continue;
            }
            if (i > 0 && !pause.isZero()) {
                sleep(pause);
            }
            events.publish(new Event.WaveStarted(wave.name(), i + 1, waves.size(), wave.targets().size(),
                    wave.budget(), wave.staged()));
            List<Outcome<R>> done = runTargets(wave.targets(), task);
            outcomes.addAll(done);
            int failed = (int) done.stream().filter(Outcome::isFailure).count();
            boolean over = failed > wave.budget();
            Event.WaveFinished report = new Event.WaveFinished(wave.name(), i + 1, waves.size(), wave.targets().size(),
                    failed, wave.budget(), over, false, wave.staged());
            events.publish(report);
            reports.add(report);
            if (over && i < waves.size() - 1) {
                stopped = Optional.of(wave.staged()
                        ? "the rollout stopped after " + wave.name() + ": " + failed + " of " + wave.targets().size()
                                + " target(s) failed, over its budget of " + wave.budget() + " (--max-failures)"
                        : "the run stopped after the " + wave.name() + " failed; the rest depends on it");
            }
        }
        return new Staged<>(outcomes, reports, stopped);
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetwayException(ExitCode.MIGRATION_FAILED, "interrupted between two waves");
        }
    }

    public <R> List<Outcome<R>> run(List<Target> targets, Task<R> task) {
        long start = System.nanoTime();
        events.publish(new Event.RunStarted(targets.size()));
        try {
            return runTargets(targets, task);
        } finally {
            events.publish(new Event.RunFinished(targets.size(), (System.nanoTime() - start) / 1_000_000));
        }
    }

    private <R> List<Outcome<R>> runTargets(List<Target> targets, Task<R> task) {
        return targets.size() == 1 ? List.of(one(targets.get(0), task)) : inParallel(targets, task);
    }

    private <R> List<Outcome<R>> inParallel(List<Target> targets, Task<R> task) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, Math.max(1, targets.size())),
                r -> {
                    Thread t = new Thread(r, "fleetway-worker");
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<Future<Outcome<R>>> futures = new ArrayList<>();
            for (Target target : targets) {
                futures.add(pool.submit(() -> one(target, task)));
            }
            List<Outcome<R>> outcomes = new ArrayList<>();
            for (Future<Outcome<R>> f : futures) {
                outcomes.add(f.get());
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetwayException(ExitCode.MIGRATION_FAILED, "interrupted while running the fleet");
        } catch (ExecutionException e) {
            throw new IllegalStateException("a fleet task escaped its failure handling", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Starts no new target from now on (shutdown); targets already running finish. */
    public void stop() {
        stopReason = "the process is shutting down";
        stop.set(true);
    }

    private <R> Outcome<R> one(Target target, Task<R> task) {
        long start = System.nanoTime();
        Outcome<R> outcome;
        if (stop.get()) {
            outcome = Outcome.skipped(target, stopReason);
        } else {
            events.publish(new Event.TargetStarted(target));
            outcome = attempt(target, task);
        }
        events.publish(new Event.TargetFinished(target, outcome, (System.nanoTime() - start) / 1_000_000));
        return outcome;
    }

    private <R> Outcome<R> attempt(Target target, Task<R> task) {
        try {
            return Outcome.ok(target, task.run(target));
        } catch (FleetwayException e) {
            return failed(target, e);
        } catch (Exception e) {
            if (SqlState.isConnectionLoss(e)) {
                return failed(target, new FleetwayException(ExitCode.UNREACHABLE, target.describe() + ": lost the"
                        + " connection to the database (" + FleetwayException.firstLine(e.getMessage()) + ") — check"
                        + " 'fleetway status', then rerun when it is back", e));
            }
            String message = FleetwayException.firstLine(e.getMessage());
            return failed(target, new FleetwayException(SqlState.exitCode(e), target.describe() + ": "
                    + e.getClass().getSimpleName() + ": " + message, e));
        }
    }

    private <R> Outcome<R> failed(Target target, FleetwayException e) {
        if (failFast) {
            stopReason = "an earlier target failed (--fail-fast)";
            stop.set(true);
        }
        return Outcome.failed(target, e);
    }

    /**
     * The exit code of a whole run: 0 when every target succeeded; 6 when some succeeded and some failed (or
     * were skipped by {@code --fail-fast}); when none succeeded, the failures' common code if they share one
     * (so a single target keeps its own: 3 unreachable, 4 validation, 5 lock…), else 1.
     */
    public static ExitCode exitCode(Staged<?> run) {
        // A rollout stopped by a tenant wave over its budget is a partial run, whatever succeeded before it; a
        // failed default-database phase keeps the plain rule (exit 1: nothing of the tenants was started).
        boolean tenantWaveStopped = run.waves().stream().anyMatch(w -> w.overBudget() && w.index() < w.count()
                && !w.name().equals("default database"));
        return tenantWaveStopped ? ExitCode.PARTIAL : exitCode(run.outcomes());
    }

    public static ExitCode exitCode(List<? extends Outcome<?>> outcomes) {
        List<ExitCode> failures = outcomes.stream().filter(Outcome::isFailure).map(Outcome::exitCode).toList();
        long succeeded = outcomes.stream().filter(o -> o.result().isPresent()).count();
        if (succeeded == outcomes.size()) {
            return ExitCode.OK;
        }
        if (succeeded > 0) {
            return ExitCode.PARTIAL;
        }
        return failures.stream().distinct().count() == 1 ? failures.get(0) : ExitCode.MIGRATION_FAILED;
    }
}
