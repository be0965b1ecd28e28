package dev.fleetway.testing;

import java.io.PrintWriter;
import java.nio.file.Path;

import dev.fleetway.cli.FleetwayCli;

/**
 * Fleetway's command line as a plain {@code main}, without Quarkus, for tests that need a separate process
 * with its own standard streams (a pseudo-terminal, or pipes) on the test classpath.
 */
public final class CliMain {
    private CliMain() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = FleetwayCli.create(out, err, System.getenv(), Path.of("").toAbsolutePath()).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
