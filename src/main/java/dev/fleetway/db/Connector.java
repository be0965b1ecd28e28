package dev.fleetway.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.jboss.logging.Logger;
import org.postgresql.Driver;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;

/**
 * Opens connections to targets. A database that is not up yet (an init container starting beside it) is
 * retried with exponential backoff until the connect timeout; a refused login or a missing database fails
 * at once. Every connection is named {@code fleetway} in {@code pg_stat_activity}.
 *
 * <p>A connection given back with {@link #release} is reset (transaction ended, settings reset, advisory locks
 * released) and kept for the next target of the same database and login in the run: the schemas of one
 * database are then visited over a few connections instead of one each. At most {@value #IDLE_LIMIT} are kept,
 * none longer than {@value #IDLE_MILLIS} ms; {@link #closeIdle} closes them when a run ends.
 */
public final class Connector {
    public static final String APPLICATION_NAME = "fleetway";
    private static final Logger LOG = Logger.getLogger(Connector.class);
    private static final Driver DRIVER = new Driver();
    private static final long SAY_AFTER_MILLIS = 5_000;
    private static final long SAY_EVERY_MILLIS = 30_000;

    private static final int IDLE_LIMIT = 16;
    private static final long IDLE_MILLIS = 10_000;
    private static final String CHECK_CLIENT = "SET client_connection_check_interval = '2s'";

    private record Idle(String key, Connection connection, long since) {
    }

    private final Duration connectTimeout;
    private final Deque<Idle> idle = new ArrayDeque<>();

    public Connector(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        ScramKeyCache.install();
    }

    /**
     * Opens one connection through the driver directly, with the target's short URL: a pooled-style data
     * source would report a URL listing every driver property, which Flyway then scans with regular
     * expressions on every command (measured: most of a no-op fleet run's CPU time).
     */
    private static Connection open(ConnectionString where, Credentials credentials) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", credentials.username());
        props.setProperty("password", credentials.password());
        props.setProperty("ApplicationName", APPLICATION_NAME);
        props.setProperty("connectTimeout", "10");
        props.setProperty("loginTimeout", "30");
        Connection c = DRIVER.connect(where.jdbcUrl(), props);
        if (c == null) {
            throw new SQLException("not a PostgreSQL URL: " + where.display(), "08001");
        }
        return c;
    }

    /**
     * Connects, retrying while the server is unreachable.
     *
     * @param who how messages name the database, e.g. {@code tenant 'acme' (db tenant_acme on db:5432)}
     * @throws FleetwayException with {@link ExitCode#UNREACHABLE} when the timeout passes or the login is refused
     */
    public Connection connect(ConnectionString where, Credentials credentials, String who) {
        Optional<Connection> kept = reuse(key(where, credentials));
        if (kept.isPresent()) {
            return kept.get();
        }
        long start = System.nanoTime();
        long[] lastSaid = { -SAY_EVERY_MILLIS };
        try {
            return Retry.until(connectTimeout).run(SQLException.class, () -> watchClient(open(where, credentials)),
                    (e, attempt, retryIn) -> {
                        Failure failure = Failure.of(e);
                        if (!failure.retryable || retryIn < 0) {
                            throw new FleetwayException(ExitCode.UNREACHABLE, who + ": " + failure.describe(where,
                                    credentials, connectTimeout, attempt), e);
                        }
                        // Said once the wait is long enough to wonder about (an init container waiting for its
                        // database), then every half minute; a short hiccup stays quiet.
                        long waited = (System.nanoTime() - start) / 1_000_000;
                        if (waited >= SAY_AFTER_MILLIS && waited - lastSaid[0] >= SAY_EVERY_MILLIS) {
                            lastSaid[0] = waited;
                            LOG.infof("%s: not reachable yet (%s), still trying for %d s", who, failure.reason,
                                    Math.max(0, (connectTimeout.toMillis() - waited) / 1000));
                        } else {
                            LOG.debugf("%s: not reachable yet (%s), retry %d in %d ms", who, failure.reason, attempt,
                                    retryIn);
                        }
                    });
        } catch (SQLException e) {
            throw new IllegalStateException("the retry policy reports every failed connection", e);
        }
    }

    /**
     * Gives a connection from {@link #connect} back: reset and kept for the next target of the same database and
     * login, or closed when it cannot be reset (a lost connection) or enough are kept.
     */
    public void release(Connection c, ConnectionString where, Credentials credentials) {
        try {
            if (c.isClosed()) {
                return;
            }
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
            try (Statement s = c.createStatement()) {
                // One round trip: settings back to the session's defaults, then what watchClient set again.
                s.execute("RESET ALL; SELECT pg_advisory_unlock_all()" + (checksClient(c) ? "; " + CHECK_CLIENT : ""));
            }
        } catch (SQLException e) {
            closeQuietly(c);
            return;
        }
        Idle evicted = null;
        synchronized (idle) {
            idle.addFirst(new Idle(key(where, credentials), c, System.nanoTime()));
            if (idle.size() > IDLE_LIMIT) {
                evicted = idle.removeLast();
            }
        }
        if (evicted != null) {
            closeQuietly(evicted.connection());
        }
    }

    private static boolean checksClient(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseMajorVersion() >= 14;
    }

    /** Closes the connections kept for reuse (the end of a run). */
    public void closeIdle() {
        List<Idle> all;
        synchronized (idle) {
            all = List.copyOf(idle);
            idle.clear();
        }
        all.forEach(i -> closeQuietly(i.connection()));
    }

    /**
     * The most recently kept connection of {@code key} that still answers; those kept too long, or gone (the
     * server restarted), are closed on the way.
     */
    private Optional<Connection> reuse(String key) {
        while (true) {
            Optional<Connection> kept = kept(key);
            if (kept.isEmpty() || valid(kept.get())) {
                return kept;
            }
            closeQuietly(kept.get());
        }
    }

    private static boolean valid(Connection c) {
        try {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private Optional<Connection> kept(String key) {
        List<Idle> stale = new ArrayList<>();
        Optional<Connection> found = Optional.empty();
        synchronized (idle) {
            long now = System.nanoTime();
            for (Iterator<Idle> it = idle.iterator(); it.hasNext();) {
                Idle i = it.next();
                if ((now - i.since()) / 1_000_000 > IDLE_MILLIS) {
                    it.remove();
                    stale.add(i);
                } else if (found.isEmpty() && i.key().equals(key)) {
                    it.remove();
                    found = Optional.of(i.connection());
                }
            }
        }
        stale.forEach(i -> closeQuietly(i.connection()));
        return found;
    }

    private static String key(ConnectionString where, Credentials credentials) {
        return where.jdbcUrl() + "\n" + credentials.username();
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debugf(e, "closing a connection failed");
        }
    }

    /**
     * Asks PostgreSQL 14+ to check every few seconds, even mid-statement, that this client is still there, so
     * a runner killed during a long migration has its transaction rolled back and its lock released promptly
     * rather than when the statement ends. Older servers lack the setting and keep their default behaviour.
     */
    private static Connection watchClient(Connection c) throws SQLException {
        if (checksClient(c)) {
            try (var s = c.createStatement()) {
                s.execute(CHECK_CLIENT);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    /** What went wrong when connecting, classified by SQLSTATE. */
    private record Failure(String sqlState, String reason, boolean retryable) {
        static Failure of(SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            String reason = firstLine(e.getMessage());
            // 08xxx: connection exceptions; 57P03: the server is starting up or shutting down.
            boolean retryable = SqlState.isConnectionException(state) || state.equals(SqlState.CANNOT_CONNECT_NOW)
                    || state.isEmpty();
            return new Failure(state, reason, retryable);
        }

        String describe(ConnectionString where, Credentials credentials, Duration timeout, int attempts) {
            String user = credentials.username();
            return switch (sqlState) {
                case SqlState.INVALID_PASSWORD, SqlState.INVALID_AUTHORIZATION -> "login refused for user '" + user + "' (" + reason + ")"
                        + " — check the user's password in the configuration (never printed here)";
                case SqlState.INVALID_CATALOG_NAME -> "database '" + where.database() + "' does not exist on "
                        + where.hosts() + " — create it or fix the URL";
                default -> retryable
                        ? "cannot connect to " + where.hosts() + " after " + attempts + " attempt(s) in "
                                + timeout.toSeconds() + "s (" + reason + ") — check the host and port, or raise"
                                + " --connect-timeout"
                        : "cannot connect as '" + user + "' (" + reason + ")";
            };
        }

        private static String firstLine(String message) {
            String m = message == null ? "unknown error" : message;
            int nl = m.indexOf('\n');
            return nl < 0 ? m : m.substring(0, nl);
        }
    }
}
