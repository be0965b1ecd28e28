package dev.fleetway.db;

import java.sql.SQLException;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;

/** The PostgreSQL SQLSTATE codes Fleetway acts on, named once. */
public final class SqlState {
    /** {@code lock_timeout} expired (or NOWAIT): the statement gave up waiting for a lock. */
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    /** A relation (for Fleetway: the history table) does not exist. */
    public static final String UNDEFINED_TABLE = "42P01";
    /** A schema does not exist. */
    public static final String INVALID_SCHEMA_NAME = "3F000";
    /** The database named in the URL does not exist. */
    public static final String INVALID_CATALOG_NAME = "3D000";
    /** Password authentication failed. */
    public static final String INVALID_PASSWORD = "28P01";
    /** No such role, or no access to the database. */
    public static final String INVALID_AUTHORIZATION = "28000";
    /** The server is starting up or shutting down. */
    public static final String CANNOT_CONNECT_NOW = "57P03";

    private SqlState() {
    }

    /** The state of {@code e}, or of the first {@link SQLException} among its causes; empty when none has one. */
    public static String of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return "";
    }

    /**
     * Whether {@code e} (or a cause) says the connection is gone: class 08 (connection exception), or the server
     * ending the session (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now).
     */
    public static boolean isConnectionLoss(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (isConnectionException(state) || state.equals("57P01") || state.equals("57P02")
                        || state.equals(CANNOT_CONNECT_NOW)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The exit code of an exception that ended a command or a fleet target: a {@link FleetwayException}'s own; 3
     * for a lost or refused connection; 1 for anything else.
     */
    public static ExitCode exitCode(Throwable e) {
        if (e instanceof FleetwayException f) {
            return f.exitCode();
        }
        return isConnectionLoss(e) ? ExitCode.UNREACHABLE : ExitCode.MIGRATION_FAILED;
    }

    /** Class 08: the connection could not be made or was lost. */
    public static boolean isConnectionException(String state) {
        return state != null && state.startsWith("08");
    }
}
