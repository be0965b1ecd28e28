package dev.fleetway.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import dev.fleetway.cli.FleetwayCli;

/** Runs Fleetway's command line in-process with a given environment, capturing output. */
public final class Cli {
    private Cli() {
    }

    public static CliResult run(Map<String, String> env, Path workingDir, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = FleetwayCli.create(new PrintWriter(out, true), new PrintWriter(err, true), env, workingDir)
                .execute(args);
        return new CliResult(code, out.toString(), err.toString());
    }
}
