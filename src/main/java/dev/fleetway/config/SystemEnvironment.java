package dev.fleetway.config;

import java.nio.file.Path;
import java.util.Map;

/** The one place that reads the real process environment and working directory; everything else is given them. */
public final class SystemEnvironment {
    private SystemEnvironment() {
    }

    public static Map<String, String> variables() {
        return System.getenv();
    }

    public static Path workingDirectory() {
        return Path.of("").toAbsolutePath();
    }
}
