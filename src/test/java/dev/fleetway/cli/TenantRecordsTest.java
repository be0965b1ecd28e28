package dev.fleetway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.TenantServer;
import dev.fleetway.testing.TestPostgres;

/** Where {@code tenants create} records a tenant: the registry table (a tenant source too), or nowhere. */
class TenantRecordsTest {

    @Test
    void theRegistryTableGetsARowThatMakesTheTenantPartOfTheFleetAndDropRemovesIt() throws Exception {
        try (TenantServer server = new TenantServer()) {
            TestPostgres.get().execute(server.db.name, "CREATE SCHEMA registry AUTHORIZATION " + server.db.owner,
                    "CREATE TABLE registry.tenants (id text PRIMARY KEY, url text, schema text, labels jsonb,"
                            + " created_at timestamptz NOT NULL DEFAULT now())",
                    "ALTER TABLE registry.tenants OWNER TO " + server.db.owner);
            Map<String, String> env = new HashMap<>(server.env());
            env.put("FLEETWAY_TENANT_REGISTRY_TABLE", "registry.tenants");
            String database = TenantServer.uniqueName("fw_pv_reg");
            CliResult r = server.fleetwayWith(env, "tenants", "create", "acme", "--database", database, "--label",
                    "plan=gold", "--label", "region=eu");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("recorded in tenant registry registry.tenants");
            assertThat(server.query(server.db.name, "SELECT id || ' ' || url || ' ' || coalesce(schema, '-') || ' '"
                    + " || labels::text FROM registry.tenants")).containsExactly("acme "
                            + TestPostgres.get().jdbcUrl(database) + " - {\"plan\": \"gold\", \"region\": \"eu\"}");
            assertThat(server.fleetwayWith(env, "tenants").out()).contains("| acme ", "tenant registry registry.tenants",
                    "plan=gold");
            CliResult upgrade = server.fleetwayWith(env, "upgrade", "--tenant", "acme");
            assertThat(upgrade.out()).as(upgrade.toString()).contains("tenant 'acme'", "already current at version 9");
            assertThat(server.fleetwayWith(env, "tenants", "create", "acme", "--schema", "fw_pv_again").err())
                    .contains("tenant 'acme' already exists (tenant registry registry.tenants)");

            CliResult drop = server.fleetwayWith(env, "tenants", "drop", "acme", "--yes");
            assertThat(drop.exitCode()).as(drop.toString()).isZero();
            assertThat(drop.out()).contains("removed from tenant registry registry.tenants");
            assertThat(server.query(server.db.name, "SELECT count(*) FROM registry.tenants")).containsExactly("0");
            assertThat(server.ownedDatabases()).doesNotContain(database);
        }
    }

    @Test
    void aRegistryWithoutTheColumnsATenantNeedsIsRefusedBeforeAnythingIsCreated() throws Exception {
        try (TenantServer server = new TenantServer()) {
            TestPostgres.get().execute(server.db.name, "CREATE TABLE public.tenant_list (id text PRIMARY KEY,"
                    + " schema text, owner_team text NOT NULL)", "ALTER TABLE tenant_list OWNER TO " + server.db.owner);
            Map<String, String> env = new HashMap<>(server.env());
            env.put("FLEETWAY_TENANT_REGISTRY_TABLE", "tenant_list");
            List<String> before = server.ownedDatabases();
            CliResult noUrl = server.fleetwayWith(env, "tenants", "create", "acme");
            assertThat(noUrl.exitCode()).isEqualTo(2);
            assertThat(noUrl.err()).contains("fleetway.tenant-registry.table tenant_list has no column 'url' to record"
                    + " tenant 'acme'");
            CliResult required = server.fleetwayWith(env, "tenants", "create", "acme", "--schema", "fw_pv_s");
            assertThat(required.exitCode()).isEqualTo(2);
            assertThat(required.err()).contains("column(s) owner_team are NOT NULL without a default");
            assertThat(server.ownedDatabases()).isEqualTo(before);
            assertThat(server.query(server.db.name, "SELECT count(*) FROM pg_namespace WHERE nspname = 'fw_pv_s'"))
                    .containsExactly("0");
        }
    }

    @Test
    void withTenantsOnlyInConfigurationTheTenantIsCreatedNotRecordedAndItsConfigurationPrinted() throws Exception {
        try (TenantServer server = new TenantServer()) {
            Map<String, String> env = new HashMap<>(server.env());
            env.remove("FLEETWAY_TENANTS_FILE");
            String database = TenantServer.uniqueName("fw_pv_cfg");
            CliResult r = server.fleetwayWith(env, "tenants", "create", "acme", "--database", database);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.err()).contains("warning: tenant 'acme' is not recorded: tenants come only from configuration");
            String expected = "fleetway:\n  tenants:\n    \"acme\": {\"url\": \"" + TestPostgres.get().jdbcUrl(database)
                    + "\"}\n";
            assertThat(r.out()).contains("; not recorded\n").endsWith(expected);

            java.nio.file.Files.createDirectories(server.db.workDir.resolve("config"));
            java.nio.file.Files.writeString(server.db.workDir.resolve("config/application.yaml"), expected);
            CliResult upgrade = server.fleetwayWith(env, "upgrade", "--tenant", "acme");
            assertThat(upgrade.out()).as(upgrade.toString()).contains("already current at version 9");
        }
    }
}
