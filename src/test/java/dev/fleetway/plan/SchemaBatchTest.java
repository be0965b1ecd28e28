package dev.fleetway.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.fleetway.config.ConfigLoader;
import dev.fleetway.execute.Events;
import dev.fleetway.execute.Fleet;
import dev.fleetway.flyway.FlywayFactory;
import dev.fleetway.tenant.Selection;
import dev.fleetway.tenant.Target;
import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.TestFleet;
import dev.fleetway.testing.TestPostgres;

/** Many schemas of one database checked at once, against a real database. */
class SchemaBatchTest {

    @Test
    void exactlyTheSchemasThatAreCurrentWithTheirGrantsAreConfirmed() throws Exception {
        try (TestFleet fleet = new TestFleet(0, 6)) {
            CliResult upgrade = fleet.fleetway("upgrade", "--all");
            assertThat(upgrade.exitCode()).as(upgrade.toString()).isZero();
            Map<String, String> env = new java.util.HashMap<>(fleet.env());
            env.put("FLEETWAY_LOCATIONS", "filesystem:" + fleet.migrations);
            Fleet engine = new Fleet(new ConfigLoader(env, fleet.workDir).load(Map.of(), Optional.empty()),
                    Events.none());
            List<Target> tenants = engine.select(Selection.DEFAULT_ONLY.withAll()).stream()
                    .filter(t -> t.kind() == Target.Kind.TENANT).toList();
            assertThat(tenants).hasSize(6);
            FlywayFactory files = engine.flyways();

            TestPostgres pg = TestPostgres.get();
            String db = fleet.defaultDb;
            String behind = fleet.tenantSchema.get("sc0");
            String failed = fleet.tenantSchema.get("sc1");
            String ungranted = fleet.tenantSchema.get("sc2");
            String edited = fleet.tenantSchema.get("sc3");
            String noHistory = fleet.tenantSchema.get("sc4");
            pg.execute(db, "DELETE FROM " + behind + ".flyway_schema_history WHERE version = '9'",
                    "UPDATE " + failed + ".flyway_schema_history SET success = false WHERE version = '9'",
                    "REVOKE INSERT ON ALL TABLES IN SCHEMA " + ungranted + " FROM " + fleet.app,
                    "UPDATE " + edited + ".flyway_schema_history SET checksum = checksum + 1 WHERE version = '3'",
                    "DROP TABLE " + noHistory + ".flyway_schema_history");

            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(db), fleet.owner, fleet.ownerPassword)) {
                assertThat(SchemaBatch.current(c, tenants, files.table(), files.expectedHistory()))
                        .containsExactly("sc5");
            }

            // The same check through a fleet run: the schemas it cannot confirm take their own session, which
            // puts the grants back and refuses (or fails on) the others.
            CliResult again = fleet.fleetway("upgrade", "--all");
            assertThat(again.exitCode()).as(again.toString()).isEqualTo(6);
            assertThat(again.err()).contains("'sc0'", "'sc1'", "'sc3'", "'sc4'").doesNotContain("'sc2'", "'sc5'");
            assertThat(fleet.queryTenant("sc2", "SELECT has_table_privilege('" + fleet.app + "', 'accounts', 'INSERT')"))
                    .containsExactly("t");
        }
    }

    @Test
    void schemasOfADatabaseThatCannotBeReachedAreEachReportedUnreachable() throws Exception {
        try (TestFleet fleet = new TestFleet(0, 0)) {
            StringBuilder tenants = new StringBuilder("tenants:\n");
            for (int i = 0; i < 12; i++) {
                tenants.append("  gone").append(i).append(": {url: 'jdbc:postgresql://127.0.0.1:1/nowhere', schema: s")
                        .append(i).append("}\n");
            }
            java.nio.file.Files.writeString(fleet.workDir.resolve("tenants.yaml"), tenants);
            CliResult run = fleet.fleetway("upgrade", "--all", "--connect-timeout", "1s", "--parallel", "4");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(6);
            for (int i = 0; i < 12; i++) {
                assertThat(run.err()).contains("tenant 'gone" + i + "'");
            }
            assertThat(run.err().lines().filter(l -> l.startsWith("error: tenant 'gone")))
                    .hasSize(12).allMatch(l -> l.contains("cannot connect to 127.0.0.1:1"));
        }
    }
}
