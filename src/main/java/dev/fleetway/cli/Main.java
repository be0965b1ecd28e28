package dev.fleetway.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

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
        // Output is UTF-8 whatever the locale: a minimal container without LANG would print '?' for every
        // non-ASCII character (an em dash in every error message).
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        if (System.console() != null && System.getProperty(LOG_FORMAT) == null) {
            // On a terminal a log line first clears the progress line it would otherwise tear.
            System.setProperty(LOG_FORMAT, "\r\u001b[K%d{HH:mm:ss} %-5p %s%e%n");
        }
        Quarkus.run(Main.class, args);
    }

    private static final String LOG_FORMAT = "quarkus.log.console.format";

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
