package dev.fleetway.cli;

import jakarta.inject.Inject;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;

/**
 * The entry point. Every command runs with Quarkus' HTTP server switched off, so two runs at once never
 * compete for a port; only {@code fleetway serve} switches it on. The switch has to happen before Quarkus
 * starts, hence a system property set here rather than in the command.
 */
@QuarkusMain
public class Main implements QuarkusApplication {
    @Inject
    CommandLine commandLine;

    public static void main(String... args) {
        if (isServe(args)) {
            System.setProperty("quarkus.http.host-enabled", "true");
        }
        Quarkus.run(Main.class, args);
    }

    @Override
    public int run(String... args) {
        return commandLine.execute(args);
    }

    /** Whether the first word that is not an option (nor an option's value we know of) is {@code serve}. */
    static boolean isServe(String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-")) {
                return a.equals("serve");
            }
            if (!a.contains("=") && (a.equals("--env-file") || a.equals("--migrations") || a.equals("--format")
                    || a.equals("--connect-timeout") || a.equals("--lock-wait") || a.equals("--config-dir"))) {
                i++; // skip the option's value
            }
        }
        return false;
    }
}
