package dev.fleetway.flyway;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

import org.flywaydb.core.Flyway;

import dev.fleetway.db.AdvisoryLock;
import dev.fleetway.db.Connector;
import dev.fleetway.db.Credentials;
import dev.fleetway.db.SessionDataSource;
import dev.fleetway.tenant.Target;

/**
 * One open connection to a target as its migration user, optionally holding the target's advisory lock, plus
 * what works on that connection: a Flyway bound to the target, its history table, its script reader. Closing
 * releases the lock and gives the connection back to the {@link Connector} (which may hand it to the next target
 * of the same database). Not thread-safe: one session per worker.
 */
public final class TargetSession implements AutoCloseable {
    private final Target target;
    private final Connection connection;
    private final Connector connector;
    private final Credentials login;
    private final Optional<AdvisoryLock> lock;
    private final FlywayFactory flyways;
    private final HistoryTable history;
    private Flyway flyway;
    private ScriptReader scripts;

    private TargetSession(Target target, Connection connection, Optional<AdvisoryLock> lock, FlywayFactory flyways,
            Connector connector, Credentials login) {
        this.target = target;
        this.connection = connection;
        this.connector = connector;
        this.login = login;
        this.lock = lock;
        this.flyways = flyways;
        this.history = new HistoryTable(target.schema(), flyways.table());
    }

    /**
     * Connects (retrying until the connect timeout) and, when {@code lockWait} is present, takes the lock.
     *
     * @param waiting told, with the holder, when the lock is busy and the session starts waiting for it
     *
     * @throws dev.fleetway.FleetwayException exit 3 when unreachable, exit 5 when the lock is not acquired
     */
    public static TargetSession open(Target target, Connector connector, FlywayFactory flyways,
            Optional<Duration> lockWait, Consumer<String> waiting) throws SQLException {
        return open(target, connector, flyways, lockWait, waiting, target.migrationLogin());
    }

    /**
     * A read-only session as the target's read user ({@link Target#readUser()}: the monitor user when one is
     * configured), without the lock: for {@code status}, {@code audit}, {@code validate} and {@code serve}.
     */
    public static TargetSession openForReading(Target target, Connector connector, FlywayFactory flyways)
            throws SQLException {
        return open(target, connector, flyways, Optional.empty(), holder -> { }, target.readUser());
    }

    private static TargetSession open(Target target, Connector connector, FlywayFactory flyways,
            Optional<Duration> lockWait, Consumer<String> waiting, Credentials login) throws SQLException {
        Connection connection = connector.connect(target.connection(), login, target.describe());
        try {
            Optional<AdvisoryLock> lock = lockWait.isPresent()
                    ? Optional.of(AdvisoryLock.acquire(connection, target.connection().database(), target.schema(),
                            target.describe(), lockWait.get(), waiting))
                    : Optional.empty();
            return new TargetSession(target, connection, lock, flyways, connector, login);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    public Target target() {
        return target;
    }

    public Connection connection() {
        return connection;
    }

    /** A Flyway bound to this session's connection, made on first use (a no-op run may never need one). */
    public Flyway flyway() {
        if (flyway == null) {
            flyway = flyways.create(target, new SessionDataSource(connection));
        }
        return flyway;
    }

    /** The run's factory, for what else it knows about the files (see {@link FlywayFactory#expectedHistory()}). */
    public FlywayFactory flyways() {
        return flyways;
    }

    /** The target's history table, read and written through this session. */
    public HistoryTable history() {
        return history;
    }

    /** Reads scripts as Flyway would for this target, placeholders expanded; made on first use. */
    public ScriptReader scripts() throws SQLException {
        if (scripts == null) {
            scripts = flyways.scripts(target, connection);
        }
        return scripts;
    }

    @Override
    public void close() throws SQLException {
        try {
            if (lock.isPresent()) {
                lock.get().close();
            }
        } finally {
            connector.release(connection, target.connection(), login);
        }
    }
}
