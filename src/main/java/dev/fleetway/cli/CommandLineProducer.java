package dev.fleetway.cli;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import picocli.CommandLine;

/** Gives Quarkus' picocli runner the same command line setup as {@link FleetwayCli}. */
@ApplicationScoped
class CommandLineProducer {
    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return FleetwayCli.configure(factory.create());
    }
}
