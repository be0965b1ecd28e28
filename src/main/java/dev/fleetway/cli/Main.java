package dev.fleetway.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

import jakarta.inject.Inject;

import dev.fleetway.config.SystemEnvironment;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;

/**
 * The entry point. Every command runs with Quarkus' HTTP server switched off, so two runs at once never
 * compete for a port; only {@code fleetway serve} and {@code fleetway demo} (which ends by serving) switch it
 * on, the demo on {@code localhost} only. The switch has to happen before Quarkus starts, hence system
 * properties set here rather than in the command.
 */
@QuarkusMain
public class Main implements QuarkusApplication {
    private static final int DEFAULT_PORT = 8080;

    @Inject
    CommandLine commandLine;

    public static void main(String... args) {
        String command = command(args);
        if (command.equals("serve") || command.equals("demo")) {
            System.setProperty("quarkus.http.host-enabled", "true");
        }
        if (command.equals("demo")) {
            demoListener();
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

    /**
     * The demo's fleet and its unauthenticated API are for this machine only; and a first try should not fail
     * because something else has 8080: unless a port was chosen, a taken 8080 becomes a free port.
     */
    private static void demoListener() {
        if (System.getProperty("quarkus.http.host") == null) {
            System.setProperty("quarkus.http.host", "localhost");
        }
        if (System.getProperty("quarkus.http.port") != null
                || SystemEnvironment.variables().containsKey("QUARKUS_HTTP_PORT")) {
            return;
        }
        try (ServerSocket probe = new ServerSocket(DEFAULT_PORT, 1, InetAddress.getByName("localhost"))) {
            return; // free
        } catch (IOException taken) {
            try (ServerSocket any = new ServerSocket(0, 1, InetAddress.getByName("localhost"))) {
                System.setProperty("quarkus.http.port", String.valueOf(any.getLocalPort()));
            } catch (IOException e) {
                // leave 8080: Quarkus then says the port is taken
            }
        }
    }

    @Override
    public int run(String... args) {
        return commandLine.execute(args);
    }

    /** The first word that is not an option (nor an option's value we know of); empty when there is none. */
    /** The global options that take a value (see {@link FleetwayCommand}): the word after them is no command. */
    private static final java.util.Set<String> VALUED_GLOBAL_OPTIONS = java.util.Set.of("-e", "--env-file",
            "--migrations", "--format", "--connect-timeout", "--lock-wait", "--config-dir", "--layout");

    static String command(String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-")) {
                return a;
            }
            if (!a.contains("=") && VALUED_GLOBAL_OPTIONS.contains(a)) {
                i++; // skip the option's value
            }
        }
        return "";
    }
}
