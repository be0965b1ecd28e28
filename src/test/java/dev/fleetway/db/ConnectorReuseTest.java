package dev.fleetway.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.fleetway.testing.TestDatabase;
import dev.fleetway.testing.TestPostgres;

/** Connections given back to the {@link Connector} and handed to the next target, against a real database. */
class ConnectorReuseTest {

    private static String one(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aReleasedConnectionComesBackResetAndAGoneOneIsReplaced() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Connector connector = new Connector(Duration.ofSeconds(5));
            ConnectionString where = ConnectionString.parse(db.jdbcUrl());
            Credentials owner = new Credentials(db.owner, db.ownerPassword);

            Connection first = connector.connect(where, owner, "test");
            try (Statement s = first.createStatement()) {
                s.execute("SET lock_timeout = '1234ms'");
                s.execute("SET search_path TO pg_catalog");
                s.execute("SELECT pg_advisory_lock(4242)");
            }
            first.setAutoCommit(false);
            try (Statement s = first.createStatement()) {
                s.execute("CREATE TABLE public.left_open (id int)");
            }
            String pid = one(first, "SELECT pg_backend_pid()");
            connector.release(first, where, owner);

            Connection second = connector.connect(where, owner, "test");
            assertThat(second).isSameAs(first);
            assertThat(second.getAutoCommit()).isTrue();
            assertThat(one(second, "SHOW lock_timeout")).isEqualTo("0");
            assertThat(one(second, "SHOW search_path")).isEqualTo("\"$user\", public");
            assertThat(one(second, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = " + pid))
                    .isEqualTo("0");
            assertThat(one(second, "SELECT to_regclass('public.left_open') IS NULL")).as("rolled back").isEqualTo("t");
            assertThat(one(second, "SHOW client_connection_check_interval")).isEqualTo("2s");
            assertThat(connector.connect(where, new Credentials(db.app, db.appPassword), "test"))
                    .as("another login gets its own").isNotSameAs(second).satisfies(Connection::close);
            connector.release(second, where, owner);

            TestPostgres.get().execute(db.name, "SELECT pg_terminate_backend(" + pid + ")");
            Connection third = connector.connect(where, owner, "test");
            assertThat(third).as("the terminated one is not handed out").isNotSameAs(first);
            assertThat(one(third, "SELECT 1")).isEqualTo("1");
            connector.release(third, where, owner);
            connector.closeIdle();
            assertThat(third.isClosed()).isTrue();
        }
    }
}
