package dev.fleetway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fleetway.packaging.Manifests;
import dev.fleetway.packaging.Manifests.PodContainer;
import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.PackagedApp;
import dev.fleetway.testing.TestFleet;
import dev.fleetway.testing.TestPostgres;
import io.fabric8.kubernetes.api.model.EnvVar;

/**
 * The packaged application run the way the Kubernetes Jobs in k8s/ run it: exactly the manifest's
 * arguments and exactly the names of the variables it sets, with values pointing at a test fleet. The
 * tenants come from a tenants file, as from the mounted ConfigMap; the migrations are the embedded ones.
 */
class ManifestCommandIT {

    private final Manifests manifests = Manifests.load();

    @Test
    void thePreDeployJobsCommandLineAndVariablesUpgradeTheWholeFleet() throws Exception {
        PodContainer job = manifests.fleetwayContainer("fleetway-upgrade");
        try (TestFleet fleet = new TestFleet(1, 1)) {
            Map<String, String> env = environment(job, fleet, null);
            CliResult run = PackagedApp.run(env, fleet.workDir, job.args().toArray(String[]::new));
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertEveryTargetIsCurrent(fleet, env, 3);
            String monitor = env.get("FLEETWAY_TENANT_DEFAULTS_MONITOR_USER_USERNAME");
            for (String id : fleet.tenantIds) {
                assertThat(fleet.queryTenant(id, "SELECT has_table_privilege('" + monitor + "',"
                        + " 'flyway_schema_history', 'SELECT')")).as("serve can read " + id).containsExactly("t");
            }
        }
    }

    @Test
    void theIndexedJobsFourShardsRunAtOnceTogetherUpgradeEveryTarget() throws Exception {
        PodContainer sharded = manifests.fleetwayContainer("fleetway-upgrade-sharded");
        try (TestFleet fleet = new TestFleet(2, 2)) {
            List<PackagedApp.Running> pods = new ArrayList<>();
            for (int index = 0; index < 4; index++) {
                String i = String.valueOf(index);
                String[] args = sharded.args().stream().map(a -> a.replace("$(JOB_COMPLETION_INDEX)", i))
                        .toArray(String[]::new);
                pods.add(PackagedApp.start(environment(sharded, fleet, i), fleet.workDir, args));
            }
            for (PackagedApp.Running pod : pods) {
                CliResult r = pod.await(180);
                assertThat(r.exitCode()).as(r.toString()).isZero();
            }
            assertEveryTargetIsCurrent(fleet, environment(sharded, fleet, "0"), 5);
        }
    }

    /**
     * The manifest's variables, each given a value for the test fleet: Secret references from the fleet's
     * users and database, literal values as written (but the tenants file where the fleet wrote it).
     * Fails on a variable this test does not know how to fill, so a new one in the manifest is noticed.
     */
    private static Map<String, String> environment(PodContainer container, TestFleet fleet, String completionIndex)
            throws Exception {
        Map<String, String> values = new HashMap<>(fleet.env());
        values.put("FLEETWAY_TENANTS_FILE", tenantsFile(fleet).toString());
        // The monitor user's Secret: the role must exist (a run naming a missing one refuses), its password unused.
        String monitor = TestPostgres.get().createRole("fw_fleet_monitor", "monitor-" + UUID.randomUUID(), true);
        values.put("FLEETWAY_DEFAULT_MONITOR_USER_USERNAME", monitor);
        values.put("FLEETWAY_TENANT_DEFAULTS_MONITOR_USER_USERNAME", monitor);
        if (completionIndex != null) {
            values.put("JOB_COMPLETION_INDEX", completionIndex);
        }
        Map<String, String> env = new HashMap<>();
        for (EnvVar var : container.env()) {
            String name = var.getName();
            boolean literal = var.getValue() != null && !name.equals("FLEETWAY_TENANTS_FILE");
            String value = literal ? var.getValue() : values.get(name);
            assertThat(value).as("a test value for " + name + " of " + container).isNotNull();
            env.put(name, value);
        }
        return env;
    }

    /** Every tenant of the fleet in one tenants file, the shape of the ConfigMap's tenants.yaml. */
    private static Path tenantsFile(TestFleet fleet) throws Exception {
        StringBuilder yaml = new StringBuilder("tenants:\n");
        for (String id : fleet.tenantIds) {
            yaml.append("  ").append(id).append(": {url: '")
                    .append(TestPostgres.get().jdbcUrl(fleet.tenantDatabase.get(id))).append("', schema: ")
                    .append(fleet.tenantSchema.get(id)).append("}\n");
        }
        // TestFleet also declares tenants in config/application.yaml; a pod has no such file.
        Files.deleteIfExists(fleet.workDir.resolve("config/application.yaml"));
        Path file = fleet.workDir.resolve("tenants.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static void assertEveryTargetIsCurrent(TestFleet fleet, Map<String, String> env, int targets)
            throws Exception {
        CliResult audit = PackagedApp.run(env, fleet.workDir, "audit", "--all", "--format", "json", "--fail-on", "any");
        assertThat(audit.exitCode()).as(audit.toString()).isZero();
        JsonNode summary = new ObjectMapper().readTree(audit.out()).get("summary");
        assertThat(summary.get("targets").asInt()).as(audit.out()).isEqualTo(targets);
        assertThat(summary.get("current").asInt()).as(audit.out()).isEqualTo(targets);
    }
}
