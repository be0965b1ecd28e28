package dev.fleetway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.PackagedApp;
import dev.fleetway.testing.TenantServer;

/** {@code tenants create} run by several packaged processes at once, as several sign-ups would. */
class ProvisionIT {

    @Test
    void fourCreatesStartedAtOnceAllSucceedFromOneTemplateAndAreAllRecorded() throws Exception {
        try (TenantServer server = new TenantServer()) {
            List<String> databases = new ArrayList<>();
            List<PackagedApp.Running> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String database = TenantServer.uniqueName("fw_pv_c" + i);
                databases.add(database);
                runs.add(PackagedApp.start(server.env(), server.db.workDir,
                        server.withMigrations("tenants", "create", "t" + i, "--database", database)));
            }
            for (PackagedApp.Running run : runs) {
                CliResult r = run.await(180);
                assertThat(r.exitCode()).as(r.toString()).isZero();
                assertThat(r.out()).contains("copied from template fleetway_template_");
            }
            String file = Files.readString(server.tenantsFile);
            for (int i = 0; i < 4; i++) {
                assertThat(file).contains("\"t" + i + "\": {\"url\": ");
                assertThat(server.history(databases.get(i), "public")).hasSize(10);
            }
            assertThat(server.templates()).hasSize(1);
            CliResult audit = PackagedApp.run(server.env(), server.db.workDir, server.withMigrations("audit", "--all",
                    "--format", "table", "--exclude", "default"));
            assertThat(audit.out()).as(audit.toString()).contains("4 targets, 4 current");
        }
    }
}
