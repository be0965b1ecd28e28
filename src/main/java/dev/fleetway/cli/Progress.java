package dev.fleetway.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;

import dev.fleetway.execute.FleetRunner;
import dev.fleetway.execute.Outcome;

/**
 * A one-line progress display on a terminal ({@code [12/200] 1 failed, 14s}), redrawn as targets finish;
 * silent when standard error is not a terminal (logs, CI, Kubernetes) or for a single target.
 */
final class Progress implements FleetRunner.Listener {
    private final PrintWriter err;
    private final int total;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    Progress(PrintWriter err, int total, boolean terminal) {
        this.err = err;
        this.total = total;
        this.enabled = terminal && total > 1;
    }

    @Override
    public void finished(Outcome<?> outcome) {
        int d = done.incrementAndGet();
        int f = outcome.isFailure() ? failed.incrementAndGet() : failed.get();
        if (!enabled) {
            return;
        }
        synchronized (err) {
            err.print("\r[" + d + "/" + total + "] " + f + " failed, " + (System.nanoTime() - start) / 1_000_000_000
                    + "s" + (d == total ? System.lineSeparator() : ""));
            err.flush();
        }
    }
}
