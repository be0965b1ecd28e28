package dev.fleetway.execute;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

import org.flywaydb.core.Flyway;

import dev.fleetway.db.AdvisoryLock;
import dev.fleetway.db.Connector;
import dev.fleetway.db.SessionDataSource;
import dev.fleetway.flyway.FlywayFactory;
import dev.fleetway.tenant.Target;

/**
 * One open connection to a target as its migration user, optionally holding the target's advisory lock,
 * plus a Flyway bound to the target. Closing releases the lock and the connection.
 */
public final class TargetSession implements AutoCloseable {
    private final Target target;
    private final Connection connection;
    private final Optional<AdvisoryLock> lock;
    private final FlywayFactory flyways;
    private Flyway flyway;

    private TargetSession(Target target, Connection connection, Optional<AdvisoryLock> lock, FlywayFactory flyways) {
        this.target = target;
        this.connection = connection;
        this.lock = lock;
        this.flyways = flyways;
    }

    /**
     * Connects (retrying until the connect timeout) and, when {@code lockWait} is present, takes the lock.
     *
     * @throws dev.fleetway.FleetwayException exit 3 when unreachable, exit 5 when the lock is not acquired
     */
    public static TargetSession open(Target target, Connector connector, FlywayFactory flyways,
            Optional<Duration> lockWait) throws SQLException {
        Connection connection = connector.connect(target);
        try {
            Optional<AdvisoryLock> lock = lockWait.isPresent()
                    ? Optional.of(AdvisoryLock.acquire(connection, target, lockWait.get()))
                    : Optional.empty();
            return new TargetSession(target, connection, lock, flyways);
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

    @Override
    public void close() throws SQLException {
        try {
            if (lock.isPresent()) {
                lock.get().close();
            }
        } finally {
            connection.close();
        }
    }
}
