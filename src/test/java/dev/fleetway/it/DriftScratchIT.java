package dev.fleetway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.PackagedApp;
import dev.fleetway.testing.TestFleet;
import dev.fleetway.testing.TestPostgres;

/**
 * The scratch space of {@code drift} as an operator relies on it, with the packaged app: gone after a run that
 * succeeds and after one that fails; left by a run killed with SIGKILL and removed by the next run; never taken
 * from a run that is still going. Once with a migration user that may create databases (a temporary database),
 * once with one that may not (temporary schemas in the default database).
 */
class DriftScratchIT {

    @ParameterizedTest(name = "migration user may create databases: {0}")
    @ValueSource(booleans = { true, false })
    void scratchObjectsAreGoneAfterEveryRunButOnlyOnceTheRunThatMadeThemIsGone(boolean createdb) throws Exception {
        try (TestFleet fleet = new TestFleet(1, 1)) {
            if (createdb) {
                TestPostgres.get().execute(fleet.defaultDb, "ALTER ROLE " + fleet.owner + " CREATEDB");
            }
            // A migration that can be made to wait (in the reference build) or fail, through a placeholder.
            Files.writeString(fleet.migrations.resolve("V10__pause.sql"), "SELECT pg_sleep(${pause}), 'drift-it-pause';\n");
            assertThat(fleet.fleetwayWith(env(fleet, "0"), "upgrade", "--all").exitCode()).isZero();

            CliResult ok = fleet.fleetwayWith(env(fleet, "0"), "drift", "--all");
            assertThat(ok.exitCode()).as(ok.toString()).isZero();
            assertThat(ok.out()).contains("3 in sync");
            assertThat(scratch(fleet)).isEmpty();

            CliResult failed = fleet.fleetwayWith(env(fleet, "'not a number'"), "drift", "--all");
            assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
            assertThat(failed.err()).contains("its reference (version 10) could not be built", "V10__pause.sql");
            assertThat(scratch(fleet)).isEmpty();

            PackagedApp.Running waiting = PackagedApp.start(env(fleet, "600"), fleet.workDir, "drift", "--all",
                    "--migrations", fleet.migrations.toString());
            List<String> itsScratch = awaitPausedReference(fleet);

            CliResult concurrent = fleet.fleetwayWith(env(fleet, "0"), "drift", "--all");
            assertThat(concurrent.exitCode()).as(concurrent.toString()).isZero();
            assertThat(scratch(fleet)).as("the waiting run's scratch survives a concurrent run")
                    .containsExactlyInAnyOrderElementsOf(itsScratch);

            waiting.kill();
            awaitSessionsGone(fleet);
            assertThat(scratch(fleet)).as("a killed run leaves its scratch").containsExactlyInAnyOrderElementsOf(itsScratch);

            CliResult next = fleet.fleetwayWith(env(fleet, "0"), "drift", "--all");
            assertThat(next.exitCode()).as(next.toString()).isZero();
            assertThat(scratch(fleet)).as("the next run removes it").isEmpty();
        }
    }

    private static Map<String, String> env(TestFleet fleet, String pause) {
        Map<String, String> env = new HashMap<>(fleet.env());
        env.put("FLEETWAY_PLACEHOLDERS_PAUSE", pause);
        return env;
    }

    /** Scratch databases on the server and scratch schemas in the fleet's default database, by name. */
    private static List<String> scratch(TestFleet fleet) throws Exception {
        return strings(fleet, "SELECT datname FROM pg_database WHERE datname LIKE 'fleetway\\_scratch\\_%' UNION ALL"
                + " SELECT nspname FROM pg_namespace WHERE nspname LIKE 'fleetway\\_scratch\\_%'");
    }

    /** Waits (at most 90 s) until a run's reference build sleeps in V10; returns the scratch objects then. */
    private static List<String> awaitPausedReference(TestFleet fleet) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            List<String> sleeping = strings(fleet, "SELECT pid::text FROM pg_stat_activity WHERE query LIKE"
                    + " '%drift-it-pause%' AND state = 'active' AND pid <> pg_backend_pid()");
            List<String> found = scratch(fleet);
            if (!sleeping.isEmpty() && !found.isEmpty()) {
                return found;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the run never reached its paused reference build");
    }

    /** Waits (at most 30 s) until no session of Fleetway is left on the server, as after a killed run. */
    private static void awaitSessionsGone(TestFleet fleet) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (strings(fleet, "SELECT pid::text FROM pg_stat_activity WHERE application_name = 'fleetway'").isEmpty()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the killed run's sessions are still there");
    }

    private static List<String> strings(TestFleet fleet, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestPostgres.get().admin(fleet.defaultDb); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
