package dev.fleetway.cli;

import java.util.Map;

import picocli.CommandLine.Option;

/** Where {@code drift}, {@code verify} and {@code audit --drift} build their reference schemas. */
final class ScratchOptions {
    @Option(names = "--dev-url", paramLabel = "URL",
            description = "An empty database to build reference schemas in (also: fleetway.dev-url); without it, a"
                    + " temporary database on the default database's server (when the migration user may create"
                    + " databases), else temporary schemas in the default database. Its credentials, or the default"
                    + " database's migration user.")
    String devUrl;

    /** The options as configuration properties, for {@code FleetwayCommand#context}. */
    Map<String, String> properties() {
        return devUrl == null ? Map.of() : Map.of("fleetway.dev-url", devUrl);
    }
}
