package dev.fleetway.drift;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import dev.fleetway.FleetwayException;
import dev.fleetway.db.Sql;

/**
 * The lock protocol of {@link Scratch} names, and the removal of what crashed runs left. A run holds a session-level
 * advisory lock keyed on its name ({@code fleetway_scratch_<run>}) from before it creates anything until it has
 * dropped it all; the server releases the lock of a run that dies. A scratch object is left over, and removed, when
 * its run's lock can be taken here and no other session holds it in any database (advisory locks are per
 * database, {@code pg_locks} shows them all).
 */
final class Leftovers {
    private static final Pattern NAME = Pattern.compile(Pattern.quote(Scratch.PREFIX) + "([a-z0-9]{10})(?:_\\d+)?");
    private static final Logger LOG = Logger.getLogger(Leftovers.class);

    private Leftovers() {
    }

    /**
     * Removes the scratch databases and schemas (of the database {@code c} is on) of runs that are gone: those whose
     * lock this session takes and no other session holds. What cannot be removed (another user's) is left, said in
     * the log.
     */
    static void sweep(Connection c) throws SQLException {
        for (String leftover : leftovers(c)) {
            Matcher m = NAME.matcher(leftover.substring(leftover.indexOf(' ') + 1));
            if (!m.matches()) {
                continue;
            }
            String run = Scratch.PREFIX + m.group(1);
            long key = keyOf(run);
            if (!tryLock(c, key)) {
                continue;
            }
            try {
                if (!heldElsewhere(c, key)) {
                    drop(c, leftover);
                }
            } finally {
                unlock(c, key);
            }
        }
    }

    /** {@code database NAME} and {@code schema NAME} of every scratch object visible from {@code c}. */
    private static List<String> leftovers(Connection c) throws SQLException {
        List<String> found = new ArrayList<>();
        String like = Scratch.PREFIX.replace("_", "\\_") + "%";
        try (PreparedStatement ps = c.prepareStatement("SELECT 'database ' || datname FROM pg_database"
                + " WHERE datname LIKE ? UNION ALL SELECT 'schema ' || nspname FROM pg_namespace"
                + " WHERE nspname LIKE ?")) {
            ps.setString(1, like);
            ps.setString(2, like);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        return found;
    }

    private static void drop(Connection c, String leftover) {
        String object = leftover.substring(leftover.indexOf(' ') + 1);
        String sql = leftover.startsWith("database ") ? "DROP DATABASE IF EXISTS " + Sql.ident(object)
                : "DROP SCHEMA IF EXISTS " + Sql.ident(object) + " CASCADE";
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            LOG.infof("removed the %s of a run that ended without cleaning up", leftover);
        } catch (SQLException e) {
            LOG.infof("could not remove the %s left by an earlier run (%s) — its owner or a superuser can drop it",
                    leftover, FleetwayException.firstLine(e.getMessage()));
        }
    }

    /** The lock key of a run: the first 8 bytes of SHA-256 over {@code fleetway-scratch|NAME}. */
    static long keyOf(String run) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("fleetway-scratch|" + run)
                    .getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void lock(Connection c, String run) throws SQLException {
        if (!tryLock(c, keyOf(run))) {
            throw new IllegalStateException("the lock of a fresh scratch name is taken: " + run);
        }
    }

    private static boolean tryLock(Connection c, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    static void unlock(Connection c, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, key);
            ps.execute();
        }
    }

    /** Whether another session holds the key, in any database (advisory locks are per database; pg_locks is not). */
    private static boolean heldElsewhere(Connection c, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
                + " AND classid::bigint = ? AND objid::bigint = ? AND objsubid = 1 AND pid <> pg_backend_pid()")) {
            ps.setLong(1, key >>> 32);
            ps.setLong(2, key & 0xFFFFFFFFL);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

}
