package dev.fleetway.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import picocli.CommandLine;

/** Gives Quarkus' picocli runner the same command line setup as {@link FleetwayCli}. */
@ApplicationScoped
class CommandLineProducer {
    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return FleetwayCli.configure(factory.create())
                .setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true))
                .setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    }
}
