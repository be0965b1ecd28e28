package dev.fleetway.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** Session settings Fleetway sets, in one place. */
public final class SessionSettings {
    private SessionSettings() {
    }

    /**
     * Sets the session's {@code lock_timeout} and {@code statement_timeout} (zero or negative: none), so that DDL
     * never queues production traffic behind it indefinitely.
     */
    public static void timeouts(Connection c, Duration lockTimeout, Duration statementTimeout) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = '" + Math.max(0, lockTimeout.toMillis()) + "ms'");
            s.execute("SET statement_timeout = '" + Math.max(0, statementTimeout.toMillis()) + "ms'");
        }
    }
}
