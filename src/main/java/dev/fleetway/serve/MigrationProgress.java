package dev.fleetway.serve;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import dev.fleetway.execute.Event;
import dev.fleetway.execute.Events;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * How far {@code serve}'s own migration run has got, from its events: targets done, failed and running now. The
 * dashboard's progress bar shows it while the auto-migration runs (a run in another process shows through the
 * audit's lock holders instead). Thread-safe: events come from the runner's workers.
 */
final class MigrationProgress implements Events {
    private final AtomicReference<Run> last = new AtomicReference<>();

    /**
     * One run.
     *
     * @param running the targets being worked on now, in the order they started
     * @param finishedAt null while the run goes on
     */
    @RegisterForReflection
    @JsonPropertyOrder({ "targets", "done", "failed", "running", "startedAt", "finishedAt" })
    public record Run(int targets, int done, int failed, List<String> running, Instant startedAt, Instant finishedAt) {
        public Run {
            running = List.copyOf(running);
        }

        private Run started(String target) {
            List<String> now = new ArrayList<>(running);
            now.add(target);
            return new Run(targets, done, failed, now, startedAt, finishedAt);
        }

        private Run finished(String target, boolean failure) {
            List<String> now = new ArrayList<>(running);
            now.remove(target);
            return new Run(targets, done + 1, failed + (failure ? 1 : 0), now, startedAt, finishedAt);
        }
    }

    @Override
    public void publish(Event event) {
        if (event instanceof Event.RunStarted e) {
            last.set(new Run(e.targets(), 0, 0, List.of(), Instant.now(), null));
        } else if (event instanceof Event.TargetStarted e) {
            last.updateAndGet(r -> r == null ? null : r.started(e.target().id()));
        } else if (event instanceof Event.TargetFinished e) {
            last.updateAndGet(r -> r == null ? null : r.finished(e.target().id(), e.outcome().isFailure()));
        } else if (event instanceof Event.RunFinished) {
            last.updateAndGet(r -> r == null ? null
                    : new Run(r.targets(), r.done(), r.failed(), List.of(), r.startedAt(), Instant.now()));
        }
    }

    /** The current or last run; null before the first one started. */
    Run last() {
        return last.get();
    }
}
