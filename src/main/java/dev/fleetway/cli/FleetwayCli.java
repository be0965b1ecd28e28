package dev.fleetway.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

import picocli.CommandLine;

/** The one factory of Fleetway's command line, used by the application's entry point and by tests alike. */
public final class FleetwayCli {
    private FleetwayCli() {
    }

    /**
     * A ready command line.
     *
     * @param environment the variables configuration reads (the process environment in production)
     * @param workingDir where {@code config/application.yaml} and relative paths are resolved
     */
    public static CommandLine create(PrintWriter out, PrintWriter err, Map<String, String> environment,
            Path workingDir) {
        return configure(new CommandLine(new FleetwayCommand(environment, workingDir)))
                .setOut(out)
                .setErr(err);
    }

    static CommandLine configure(CommandLine cmd) {
        ExitCodes exitCodes = new ExitCodes();
        return cmd.setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(exitCodes)
                .setParameterExceptionHandler(exitCodes);
    }
}
