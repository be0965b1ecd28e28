package dev.fleetway.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;

import dev.fleetway.execute.Event;
import dev.fleetway.execute.Events;

/**
 * A one-line progress display on a terminal ({@code [12/200] wave 2 (3/4), 1 failed, 14s}), redrawn as targets finish;
 * silent when standard error is not a terminal (logs, CI, Kubernetes) or for a single target.
 */
final class Progress implements Events {
    private final PrintWriter err;
    private final boolean terminal;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile int total;
    private volatile String wave = "";
    private volatile long start = System.nanoTime();

    Progress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void publish(Event event) {
        if (event instanceof Event.RunStarted e) {
            total = e.targets();
            start = System.nanoTime();
            done.set(0);
            failed.set(0);
            wave = "";
        } else if (event instanceof Event.WaveStarted e) {
            wave = e.count() > 1 ? e.name() + " (" + e.index() + "/" + e.count() + "), " : "";
        } else if (event instanceof Event.TargetFinished e) {
            int d = done.incrementAndGet();
            int f = e.outcome().isFailure() ? failed.incrementAndGet() : failed.get();
            if (!terminal || total <= 1) {
                return;
            }
            synchronized (err) {
                err.print("\r[" + d + "/" + total + "] " + wave + f + " failed, " + (System.nanoTime() - start) / 1_000_000_000
                        + "s" + (d == total ? System.lineSeparator() : ""));
                err.flush();
            }
        }
    }
}
