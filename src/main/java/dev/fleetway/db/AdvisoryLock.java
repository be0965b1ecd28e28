package dev.fleetway.db;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;

/**
 * A PostgreSQL session-level advisory lock per target (database + schema) that serialises Fleetway runners.
 * It lives as long as the session that took it, so a killed runner's lock is released by the server.
 */
public final class AdvisoryLock implements AutoCloseable {
    /**
     * What to say of a session whose details PostgreSQL hides: another user's session, seen by a login without
     * {@code pg_read_all_stats}.
     */
    public static final String HIDDEN_SESSION = "(another user's session, whose details this login may not see — an"
            + " administrator can GRANT pg_read_all_stats TO the migration user to have them named)";
    private static final long POLL_MILLIS = 250;
    private static final long SAY_AFTER_NANOS = 5_000_000_000L;

    private final Connection session;
    private final long key;

    private AdvisoryLock(Connection session, long key) {
        this.session = session;
        this.key = key;
    }

    /**
     * Takes the lock of {@code schema} in {@code database} on {@code session}, waiting at most {@code wait}.
     *
     * @param who how messages name the target
     * @param waiting told once, with the holder, when this session has waited for the lock for a few seconds
     * @throws FleetwayException with {@link ExitCode#LOCK_TIMEOUT} naming the holder when the wait runs out
     */
    public static AdvisoryLock acquire(Connection session, String database, String schema, String who, Duration wait,
            Consumer<String> waiting) throws SQLException {
        long key = keyOf(database, schema);
        long deadline = System.nanoTime() + wait.toNanos();
        long sayAt = System.nanoTime() + SAY_AFTER_NANOS;
        for (boolean said = false;;) {
            try (PreparedStatement ps = session.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return new AdvisoryLock(session, key);
                    }
                }
            }
            if (!said && System.nanoTime() >= sayAt) {
                said = true;
                waiting.accept(holder(session, key));
            }
            if (System.nanoTime() >= deadline) {
                throw new FleetwayException(ExitCode.LOCK_TIMEOUT, who + ": lock not acquired within "
                        + wait.toSeconds() + "s; held by " + holder(session, key)
                        + " — wait for that run to finish, or raise --lock-wait");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FleetwayException(ExitCode.LOCK_TIMEOUT, who + ": interrupted waiting for lock");
            }
        }
    }

    /** The lock key: the first 8 bytes of SHA-256 over {@code fleetway|database|schema}. */
    static long keyOf(String database, String schema) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("fleetway|" + database + "|" + schema)
                    .getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The session holding a target's lock.
     *
     * @param applicationName null when PostgreSQL hides the session's details from this login
     * @param client the client address; null for a local socket, or when hidden
     * @param connectedSince when the session started; null when hidden
     */
    public record Holder(int pid, String applicationName, String client, Instant connectedSince) {

        /** Whether PostgreSQL hid the session's details (another user's session, without pg_read_all_stats). */
        public boolean hidden() {
            return connectedSince == null;
        }

        /** How messages name it: {@code pid 4711 (application_name 'fleetway', client …, connected since …)}. */
        public String describe() {
            if (hidden()) {
                return "pid " + pid + " " + HIDDEN_SESSION;
            }
            return "pid " + pid + " (application_name '" + applicationName + "', client "
                    + (client == null ? "local socket" : client) + ", connected since "
                    + Timestamp.from(connectedSince) + ")";
        }
    }

    /**
     * Who holds the lock of {@code schema} in {@code database} right now, seen from {@code session}; empty when
     * nobody does. Takes no lock.
     */
    public static Optional<Holder> holder(Connection session, String database, String schema) throws SQLException {
        return holderOf(session, keyOf(database, schema));
    }

    private static String holder(Connection session, long key) throws SQLException {
        return holderOf(session, key).map(Holder::describe).orElse("a session that has since ended");
    }

    private static Optional<Holder> holderOf(Connection session, long key) throws SQLException {
        String sql = "SELECT a.pid, a.application_name, a.client_addr, a.backend_start FROM pg_locks l"
                + " JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted"
                + " AND l.classid::bigint = ? AND l.objid::bigint = ? AND l.objsubid = 1 LIMIT 1";
        try (PreparedStatement ps = session.prepareStatement(sql)) {
            ps.setLong(1, key >>> 32);
            ps.setLong(2, key & 0xFFFFFFFFL);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Timestamp since = rs.getTimestamp(4);
                if (since == null) {
                    // another user's session: PostgreSQL hides its details without pg_read_all_stats
                    return Optional.of(new Holder(rs.getInt(1), null, null, null));
                }
                return Optional.of(new Holder(rs.getInt(1), rs.getString(2), rs.getString(3), since.toInstant()));
            }
        }
    }

    @Override
    public void close() throws SQLException {
        if (!session.isClosed()) {
            try (PreparedStatement ps = session.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                ps.setLong(1, key);
                ps.execute();
            }
        }
    }
}
