package dev.fleetway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.fleetway.testing.CatalogSnapshot;
import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.TenantServer;

/** {@code tenants create}: from the template or migrated, granted and recorded; and what makes it migrate. */
class TenantsCreateTest {

    @Test
    void aTenantCopiedFromTheTemplateHasTheCatalogGrantsAndHistoryOfOneMigratedFromScratch() throws Exception {
        try (TenantServer server = new TenantServer()) {
            String copied = TenantServer.uniqueName("fw_pv_copy");
            String migrated = TenantServer.uniqueName("fw_pv_mig");
            CliResult fromTemplate = server.fleetway("tenants", "create", "copied", "--database", copied, "--format",
                    "json");
            assertThat(fromTemplate.exitCode()).as(fromTemplate.toString()).isZero();
            assertThat(fromTemplate.result().get("method").asText()).isEqualTo("template");
            assertThat(fromTemplate.result().get("templateBuilt").asBoolean()).isTrue();
            assertThat(fromTemplate.result().get("version").asText()).isEqualTo("9");
            assertThat(fromTemplate.result().get("recordedIn").asText()).startsWith("tenants file ");

            Map<String, String> noTemplate = new HashMap<>(server.env());
            noTemplate.put("FLEETWAY_PROVISION_TEMPLATE", "false");
            CliResult plain = server.fleetwayWith(noTemplate, "tenants", "create", "migrated", "--database", migrated);
            assertThat(plain.exitCode()).as(plain.toString()).isZero();
            assertThat(plain.out()).contains("tenant 'migrated' (db " + migrated + "): created, migrated (10 migration(s)),"
                    + " at version 9", "granted '" + server.db.app + "'", "recorded in tenants file");

            try (Connection a = server.connect(copied); Connection b = server.connect(migrated)) {
                List<String> catalog = CatalogSnapshot.of(a);
                assertThat(catalog).anyMatch(l -> l.startsWith("rel public.accounts") && l.contains(server.db.app + "=arwd"));
                assertThat(catalog).isEqualTo(CatalogSnapshot.of(b));
            }
            assertThat(server.history(copied, "public")).hasSize(10).isEqualTo(server.history(migrated, "public"));
            try (Connection app = java.sql.DriverManager.getConnection(dev.fleetway.testing.TestPostgres.get()
                    .jdbcUrl(copied), server.db.app, server.db.appPassword); Statement s = app.createStatement()) {
                s.executeUpdate("INSERT INTO accounts (slug, name) VALUES ('acme', 'Acme')");
            }
            assertThat(server.templates()).hasSize(1);

            CliResult audit = server.fleetway("audit", "--all", "--format", "json");
            assertThat(audit.out()).contains("\"copied\"", "\"migrated\"").doesNotContain("fleetway_template_");
            assertThat(server.fleetway("tenants").out()).contains("copied", "migrated").doesNotContain("template");
        }
    }

    @Test
    void aTemplateOlderThanTheFilesIsRebuiltFirstAndTheOldOneDropped() throws Exception {
        try (TenantServer server = new TenantServer()) {
            assertThat(server.fleetway("tenants", "create", "first", "--database", TenantServer.uniqueName("fw_pv_a"))
                    .exitCode()).isZero();
            List<String> before = server.templates();
            assertThat(before).hasSize(1);

            server.db.writeMigration("V10__add_webhooks.sql", "CREATE TABLE webhooks (id bigint PRIMARY KEY, url text);");
            String second = TenantServer.uniqueName("fw_pv_b");
            CliResult r = server.fleetway("tenants", "create", "second", "--database", second);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("copied from template fleetway_template_", "(built now), at version 10");
            assertThat(server.query(second, "SELECT version FROM flyway_schema_history WHERE version = '10' AND success"))
                    .containsExactly("10");
            assertThat(server.query(second, "SELECT count(*) FROM webhooks")).containsExactly("0");
            List<String> after = server.templates();
            assertThat(after).hasSize(1).doesNotContainAnyElementsOf(before);
        }
    }

    @Test
    void migrationsThatSetDatabaseLevelStateOrUsePerDatabasePlaceholdersAreMigratedAndTheOutputSaysSo()
            throws Exception {
        try (TenantServer server = new TenantServer()) {
            server.db.writeMigration("V10__remember_the_tenant.sql",
                    "CREATE TABLE tenant_info (id text);\nINSERT INTO tenant_info VALUES ('${fleetway:tenant}');");
            String database = TenantServer.uniqueName("fw_pv_ph");
            CliResult r = server.fleetway("tenants", "create", "acme", "--database", database);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("created, migrated (11 migration(s))",
                    "migrated instead of copied from a template: V10__remember_the_tenant.sql uses ${fleetway:tenant}");
            assertThat(server.query(database, "SELECT id FROM tenant_info")).containsExactly("acme");
            assertThat(server.templates()).isEmpty();

            Files.delete(server.db.migrations.resolve("V10__remember_the_tenant.sql"));
            server.db.writeMigration("V10__database_comment.sql", "DO $$ BEGIN EXECUTE format('COMMENT ON DATABASE %I"
                    + " IS %L', current_database(), 'a tenant'); END $$;");
            String commented = TenantServer.uniqueName("fw_pv_cm");
            CliResult c = server.fleetway("tenants", "create", "globex", "--database", commented, "--format", "json");
            assertThat(c.exitCode()).as(c.toString()).isZero();
            assertThat(c.result().get("method").asText()).isEqualTo("migrated");
            assertThat(c.result().get("note").asText()).contains("V10__database_comment.sql sets database-level state");
            assertThat(server.query(commented, "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE"
                    + " datname = current_database()")).containsExactly("a tenant");
        }
    }

    @Test
    void aSchemaTenantIsMigratedInTheDefaultDatabaseRecordedWithItsLabelsAndDroppedWithItsRecord()
            throws Exception {
        try (TenantServer server = new TenantServer()) {
            String schema = TenantServer.uniqueName("tenant_s");
            CliResult r = server.fleetway("tenants", "create", "initech", "--schema", schema, "--label", "region=eu");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("tenant 'initech' (db " + server.db.name + ", schema " + schema
                    + "): created, migrated (10 migration(s))");
            assertThat(Files.readString(server.tenantsFile)).isEqualTo("# tenants of this test\ntenants: {\"initech\":"
                    + " {\"schema\": \"" + schema + "\", \"labels\": {\"region\": \"eu\"}}}\n");
            assertThat(server.query(server.db.name, "SELECT count(*) FROM \"" + schema + "\".accounts"))
                    .containsExactly("0");
            CliResult upgrade = server.fleetway("upgrade", "--label", "region=eu");
            assertThat(upgrade.out()).contains("tenant 'initech'", "already current at version 9");

            CliResult drop = server.fleetway("tenants", "drop", "initech", "--yes");
            assertThat(drop.exitCode()).as(drop.toString()).isZero();
            assertThat(drop.out()).contains("dropped schema " + schema + " of database " + server.db.name);
            assertThat(server.query(server.db.name, "SELECT count(*) FROM pg_namespace WHERE nspname = '" + schema + "'"))
                    .containsExactly("0");
            assertThat(Files.readString(server.tenantsFile)).isEqualTo("# tenants of this test\ntenants: {}\n");
        }
    }

    @Test
    void aDroppedDatabaseTenantLosesItsDatabaseAndRecordAndWithoutYesNothingIsRemoved() throws Exception {
        try (TenantServer server = new TenantServer()) {
            String database = TenantServer.uniqueName("fw_pv_drop");
            assertThat(server.fleetway("tenants", "create", "acme", "--database", database).exitCode()).isZero();
            String recorded = Files.readString(server.tenantsFile);

            CliResult refused = server.fleetway("tenants", "drop", "acme");
            assertThat(refused.exitCode()).isEqualTo(2);
            assertThat(refused.err()).contains("error: tenants drop removes tenant 'acme'", "--yes");
            assertThat(server.ownedDatabases()).contains(database);
            assertThat(Files.readString(server.tenantsFile)).isEqualTo(recorded);

            try (Connection app = server.connect(database)) {
                CliResult inUse = server.fleetway("tenants", "drop", "acme", "--yes");
                assertThat(inUse.exitCode()).isEqualTo(2);
                assertThat(inUse.err()).contains("1 session(s) are connected to database '" + database + "'");
            }
            assertThat(server.ownedDatabases()).contains(database);
            assertThat(Files.readString(server.tenantsFile)).isEqualTo(recorded);

            CliResult unknown = server.fleetway("tenants", "drop", "nobody", "--yes");
            assertThat(unknown.exitCode()).isEqualTo(2);
            assertThat(unknown.err()).contains("unknown tenant 'nobody' — known: acme");

            CliResult drop = server.fleetway("tenants", "drop", "acme", "--yes", "--format", "json");
            assertThat(drop.exitCode()).as(drop.toString()).isZero();
            assertThat(drop.result().get("placement").asText()).isEqualTo("database");
            assertThat(server.ownedDatabases()).doesNotContain(database);
            assertThat(Files.readString(server.tenantsFile)).isEqualTo("# tenants of this test\ntenants: {}\n");
            assertThat(server.templates()).hasSize(1).as("the template stays for the next tenant");
        }
    }
}
