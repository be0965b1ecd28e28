package dev.fleetway.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sets how chatty a run is: {@code --quiet} shows warnings and errors only, the default adds Fleetway's
 * progress, {@code --verbose} adds Flyway's own log and debug detail. Logs go to standard error, results to
 * standard output.
 */
final class Logging {
    private Logging() {
    }

    static void configure(boolean verbose, boolean quiet) {
        Level fleetway = quiet ? Level.WARNING : verbose ? Level.FINE : Level.INFO;
        Level flyway = quiet ? Level.SEVERE : verbose ? Level.INFO : Level.WARNING;
        Logger.getLogger("dev.fleetway").setLevel(fleetway);
        Logger.getLogger("org.flywaydb").setLevel(flyway);
    }
}
