package dev.fleetway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.TenantServer;
import dev.fleetway.testing.TestPostgres;

/**
 * What {@code tenants create} refuses, and what it does when a step fails: a refusal changes nothing (no database,
 * schema or template, the tenants file as it was); a failed migration leaves nothing behind.
 */
class TenantsCreateRefusalsTest {

    /** What a refusal must leave as it was. */
    private record State(List<String> databases, String tenantsFile, List<String> schemas) {
    }

    private static State state(TenantServer server) throws Exception {
        return new State(server.ownedDatabases(), Files.readString(server.tenantsFile),
                server.query(server.db.name, "SELECT nspname FROM pg_namespace ORDER BY 1"));
    }

    private static void assertRefused(TenantServer server, String message, String... args) throws Exception {
        State before = state(server);
        CliResult r = server.fleetway(args);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ").contains(message);
        assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(state(server)).isEqualTo(before);
    }

    @Test
    void eachRefusalIsOneErrorLineAndChangesNothing() throws Exception {
        try (TenantServer server = new TenantServer()) {
            String taken = TenantServer.uniqueName("fw_pv_taken");
            assertThat(server.fleetway("tenants", "create", "acme", "--database", taken).exitCode()).isZero();

            assertRefused(server, "tenant id 'bad id!' from tenants create is not valid", "tenants", "create", "bad id!");
            assertRefused(server, "tenant id '.hidden' from tenants create is not valid", "tenants", "create", ".hidden");
            assertRefused(server, "tenant 'acme' already exists (tenants file ", "tenants", "create", "acme",
                    "--database", TenantServer.uniqueName("fw_pv_other"));
            assertRefused(server, "database '" + taken + "' already exists — choose another name with --database",
                    "tenants", "create", "globex", "--database", taken);
            assertRefused(server, "schema name 'public' is reserved", "tenants", "create", "globex", "--schema", "public");
            assertRefused(server, "database name 'fleetway_scratch_abcdefghij' is reserved (fleetway_…", "tenants",
                    "create", "globex", "--database", "fleetway_scratch_abcdefghij");
            assertRefused(server, "schema name 'fleetway_template_x' is reserved", "tenants", "create", "globex",
                    "--schema", "fleetway_template_x");
            assertRefused(server, "database name 'a/b' of tenant 'globex' is not valid", "tenants", "create", "globex",
                    "--database", "a/b");
            assertRefused(server, "--database and --schema exclude each other", "tenants", "create", "globex",
                    "--database", "x", "--schema", "y");
            server.fleetway("tenants", "create", "hooli", "--schema", "fw_pv_schema");
            assertRefused(server, "schema 'fw_pv_schema' already exists", "tenants", "create", "globex", "--schema",
                    "fw_pv_schema");

            TestPostgres.get().execute(server.db.name, "ALTER ROLE " + server.db.owner + " NOCREATEDB");
            assertRefused(server, "the migration user may not create databases — an administrator can run: ALTER ROLE",
                    "tenants", "create", "globex", "--database", TenantServer.uniqueName("fw_pv_nocreatedb"));

            Map<String, String> noApp = new HashMap<>(server.env());
            noApp.put("FLEETWAY_TENANT_DEFAULTS_APP_USER_USERNAME", "fw_no_such_role");
            State before = state(server);
            CliResult missingApp = server.fleetwayWith(noApp, "tenants", "create", "globex", "--schema", "fw_pv_s2");
            assertThat(missingApp.exitCode()).isEqualTo(2);
            assertThat(missingApp.err()).contains("app user 'fw_no_such_role' does not exist");
            assertThat(state(server)).isEqualTo(before);
        }
    }

    @Test
    void aFailedMigrationDropsTheNewDatabaseAndRecordsNothingAndAFailedTemplateBuildLeavesNoTemplate()
            throws Exception {
        try (TenantServer server = new TenantServer()) {
            server.db.writeMigration("V10__broken.sql", "CREATE TABLE broken (id int);\nCRATE TABLE oops (id int);");
            State before = state(server);
            Map<String, String> noTemplate = new HashMap<>(server.env());
            noTemplate.put("FLEETWAY_PROVISION_TEMPLATE", "false");
            CliResult migrated = server.fleetwayWith(noTemplate, "tenants", "create", "acme", "--database",
                    TenantServer.uniqueName("fw_pv_broken"));
            assertThat(migrated.exitCode()).as(migrated.toString()).isEqualTo(1);
            assertThat(migrated.err()).contains("V10__broken.sql failed",
                    "the new database 'fw_pv_broken_", "' was dropped again and nothing was recorded");
            assertThat(state(server)).isEqualTo(before);

            CliResult templated = server.fleetway("tenants", "create", "acme", "--database",
                    TenantServer.uniqueName("fw_pv_broken"));
            assertThat(templated.exitCode()).as(templated.toString()).isEqualTo(1);
            assertThat(templated.err()).contains("building the template database failed", "V10__broken.sql failed");
            assertThat(state(server)).isEqualTo(before);
        }
    }
}
