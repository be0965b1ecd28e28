package dev.fleetway.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sets how chatty a run is: {@code --quiet} shows warnings and errors only, the default adds Fleetway's
 * progress, {@code --verbose} adds Flyway's and the driver's own log and debug detail. Logs go to standard
 * error, results to standard output. Without {@code --verbose} Flyway and the driver say nothing: Fleetway
 * reports every failure itself, in one line, and their lines would repeat it (with stack traces).
 */
final class Logging {
    private Logging() {
    }

    static void configure(boolean verbose, boolean quiet) {
        Level fleetway = quiet ? Level.WARNING : verbose ? Level.FINE : Level.INFO;
        Logger.getLogger("dev.fleetway").setLevel(fleetway);
        Logger.getLogger("org.flywaydb").setLevel(verbose ? Level.INFO : Level.OFF);
        Logger.getLogger("org.postgresql").setLevel(verbose ? Level.INFO : Level.OFF);
    }
}
