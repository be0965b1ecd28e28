package dev.fleetway.demo;

/**
 * A PostgreSQL server that {@link LocalPostgres} started, listening on the loopback interface, with a
 * superuser login. How it was started (installed binaries or bundled ones) decides how it stops.
 */
public interface Server {
    /** The TCP port it listens on, on 127.0.0.1. */
    int port();

    /** The superuser's name. */
    String superuser();

    /** The superuser's password; empty when the server trusts loopback logins (the bundled server). */
    String password();

    /** Where the binaries came from, for people: {@code "/usr/lib/postgresql/15/bin"}. */
    String origin();

    /**
     * Stops the server and waits until it is gone. Called once, by {@link LocalPostgres#close()}; never throws
     * (a server that is already down, or stopping because it received the terminal's Ctrl-C too, is fine).
     */
    void stop();
}
