package dev.fleetway.flyway;

import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/** Tells a {@link Listener} of each migration Flyway applies, with how long it took. */
public final class AppliedCallback implements Callback {

    /** Told of each migration applied, on the migrating thread. */
    @FunctionalInterface
    public interface Listener {
        /** @param version null for a repeatable script */
        void applied(String script, String version, long millis);
    }

    private final Listener listener;
    private long started;

    AppliedCallback(Listener listener) {
        this.listener = listener;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return (event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE)
                && context.getMigrationInfo() != null;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        if (event == Event.BEFORE_EACH_MIGRATE) {
            started = System.nanoTime();
            return;
        }
        MigrationInfo info = context.getMigrationInfo();
        listener.applied(info.getScript(), info.getVersion() == null ? null : info.getVersion().getVersion(),
                (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public String getCallbackName() {
        return "fleetway-applied";
    }
}
