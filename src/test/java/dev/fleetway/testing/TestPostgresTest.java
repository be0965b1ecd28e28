package dev.fleetway.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestPostgresTest {

    private final TestPostgres postgres = TestPostgres.get();

    @Test
    void startsOneServerPerJvmThatAcceptsAdminLoginsOverTcp() throws SQLException {
        assertSame(postgres, TestPostgres.get());
        try (Connection admin = postgres.admin("postgres");
             Statement statement = admin.createStatement();
             ResultSet row = statement.executeQuery("SELECT current_user, inet_server_port(),"
                     + " rolsuper OR (rolcreatedb AND rolcreaterole) FROM pg_roles WHERE rolname = current_user")) {
            assertTrue(row.next());
            assertEquals(postgres.adminUser(), row.getString(1));
            assertNotNull(row.getObject(2), "connected over TCP, not a Unix socket");
            assertTrue(row.getBoolean(3), "can create databases and roles");
        }
    }

    @Test
    void createsIsolatedDatabasesAndRoles() throws SQLException {
        String password = "it's a \\ \"secret\"";
        String first = postgres.createDatabase("fleetway_iso");
        String second = postgres.createDatabase("fleetway_iso");
        String role = postgres.createRole("fleetway_app", password, true);
        try {
            assertTrue(first.matches("fleetway_iso_[a-z0-9]{8}"), first);
            assertNotEquals(first, second);
            postgres.execute(first, "CREATE TABLE marker (id int)", "GRANT SELECT ON marker TO \"" + role + "\"");

            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(first), role, password);
                 Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery(
                         "SELECT current_user, current_database(), (SELECT count(*) FROM marker)")) {
                assertTrue(row.next());
                assertEquals(role, row.getString(1));
                assertEquals(first, row.getString(2));
                assertEquals(0, row.getInt(3));
            }
            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(second), role, password);
                 Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT to_regclass('marker')")) {
                assertTrue(row.next());
                assertNull(row.getObject(1), "tables of one database are not visible in another");
            }
        } finally {
            postgres.dropDatabase(first);
            postgres.dropDatabase(second);
            postgres.dropRole(role);
        }
        assertFalse(exists("SELECT 1 FROM pg_database WHERE datname = ?", first));
        assertFalse(exists("SELECT 1 FROM pg_database WHERE datname = ?", second));
        assertFalse(exists("SELECT 1 FROM pg_roles WHERE rolname = ?", role));
    }

    @Test
    void dropsDatabasesThatStillHaveOpenSessions() throws SQLException {
        String database = postgres.createDatabase("fleetway_busy");
        try (Connection busy = postgres.admin(database)) {
            postgres.dropDatabase(database);

            assertFalse(exists("SELECT 1 FROM pg_database WHERE datname = ?", database));
            assertThrows(SQLException.class, () -> busy.createStatement().execute("SELECT 1"));
        }
    }

    @Test
    void refusesLoginsForRolesCreatedWithoutLogin() {
        String role = postgres.createRole("fleetway_nologin", "secret", false);
        try {
            SQLException refused = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(postgres.jdbcUrl("postgres"), role, "secret").close());
            assertEquals("28000", refused.getSQLState());
        } finally {
            postgres.dropRole(role);
        }
    }

    private boolean exists(String query, String name) throws SQLException {
        try (Connection admin = postgres.admin("postgres");
             PreparedStatement statement = admin.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }
}
