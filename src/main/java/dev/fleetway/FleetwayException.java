package dev.fleetway;

/**
 * An expected failure with an operator-facing, one-line message and the exit code it maps to.
 * Messages say what happened, where, and how to fix it, and never contain a secret.
 */
public class FleetwayException extends RuntimeException {
    private final ExitCode exitCode;

    public FleetwayException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public FleetwayException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    public static FleetwayException usage(String message) {
        return new FleetwayException(ExitCode.USAGE, message);
    }

    /** The first line of a message from elsewhere (a driver, Flyway), trimmed; {@code unknown error} when empty. */
    public static String firstLine(String message) {
        return message == null ? "unknown error" : message.strip().lines().findFirst().orElse("unknown error");
    }
}
