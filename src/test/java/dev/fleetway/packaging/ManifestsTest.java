package dev.fleetway.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.fleetway.cli.FleetwayCli;
import dev.fleetway.packaging.Manifests.PodContainer;
import dev.fleetway.tenant.Shard;
import dev.fleetway.testing.Cli;
import dev.fleetway.testing.CliResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Static checks of k8s/: what kubectl would accept, and what Fleetway would make of it. */
class ManifestsTest {

    /** Subcommands the manifests may use before they exist; each is parsed as soon as it does. */
    private static final Set<String> PENDING_COMMANDS = Set.of("serve");
    private static final Pattern VARIABLE_REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private final Manifests manifests = Manifests.load();

    @Test
    void theManifestsAreTheExpectedKindsAndAllParseIntoKubernetesModels() {
        assertThat(manifests.all()).extracting(m -> m.kind() + "/" + m.name()).containsExactlyInAnyOrder(
                "ConfigMap/fleetway-tenants", "Secret/fleetway-migration-user", "Secret/fleetway-app-user",
                "Secret/fleetway-monitor-user",
                "Job/fleetway-upgrade", "Job/fleetway-upgrade-sharded", "Deployment/app",
                "Deployment/fleetway-serve", "Service/fleetway-serve");
        assertThat(manifests.all()).allSatisfy(m -> assertThat(m.resource().getApiVersion()).as(m.name()).isNotBlank());
    }

    @Test
    void noManifestHasAFieldTheKubernetesModelDoesNotKnow() {
        for (var m : manifests.all()) {
            assertThat(UnknownFields.in(m.resource())).as(m.file() + " " + m.kind() + " " + m.name()).isEmpty();
        }
    }

    @Test
    void kustomizationListsEveryManifestFile() {
        Map<String, Object> kustomization = Manifests.documents(Manifests.DIR.resolve("kustomization.yaml")).get(0);
        assertThat(kustomization.get("resources")).asInstanceOf(InstanceOfAssertFactories.list(String.class))
                .containsExactlyInAnyOrderElementsOf(
                Manifests.yamlFiles().stream().map(f -> f.getFileName().toString()).toList());
    }

    @Test
    void theMigrationAppAndMonitorUsersAreSeparateSecrets() {
        for (String user : List.of("fleetway-migration-user", "fleetway-app-user", "fleetway-monitor-user")) {
            assertThat(manifests.keys("Secret", user)).as(user).hasValueSatisfying(
                    keys -> assertThat(keys).contains("url", "username", "password"));
        }
    }

    @Test
    void eachContainerHoldsOnlyTheCredentialsItUses() {
        for (Manifests.PodContainer c : manifests.containers()) {
            Set<String> secrets = new java.util.TreeSet<>();
            c.env().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                    .forEach(e -> secrets.add(e.getValueFrom().getSecretKeyRef().getName() + "/"
                            + e.getValueFrom().getSecretKeyRef().getKey()));
            String who = c.workload().name() + "/" + c.container().getName();
            if (c.workload().name().equals("fleetway-serve")) {
                // serve only reads: the monitor user, and the app user's name for the grant check
                assertThat(secrets).as(who).noneMatch(s -> s.startsWith("fleetway-migration-user/"))
                        .contains("fleetway-monitor-user/password");
            } else if (c.workload().name().equals("app") && !c.init()) {
                // the application reads only its own login
                assertThat(secrets).as(who).allMatch(s -> s.startsWith("fleetway-app-user/"));
            } else {
                // the migrating containers never need the app user's or the monitor user's password, but name
                // the monitor user so that every target they migrate is readable by serve
                assertThat(secrets).as(who).doesNotContain("fleetway-app-user/password",
                        "fleetway-monitor-user/password").contains("fleetway-monitor-user/username");
            }
        }
    }

    @Test
    void everyWorkloadHasNamedContainersWithImagesAndASelectorMatchingItsPods() {
        assertThat(manifests.containers()).allSatisfy(c -> {
            assertThat(c.container().getName()).as(c.toString()).isNotBlank();
            assertThat(c.container().getImage()).as(c.toString()).matches("[a-z0-9.-]+(:\\d+)?/[a-z0-9./-]+:[\\w.-]+");
        });
        for (Deployment d : manifests.ofKind("Deployment").stream().map(m -> (Deployment) m.resource()).toList()) {
            assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).as(d.getMetadata().getName())
                    .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
        }
    }

    @Test
    void everySecretAndConfigMapReferenceNamesAnExistingKey() {
        for (PodContainer c : manifests.containers()) {
            for (EnvVar env : c.env()) {
                var from = env.getValueFrom();
                if (from != null && from.getSecretKeyRef() != null) {
                    assertThat(manifests.keys("Secret", from.getSecretKeyRef().getName()))
                            .as(c + " " + env.getName()).hasValueSatisfying(keys -> assertThat(keys)
                                    .contains(from.getSecretKeyRef().getKey()));
                }
                if (from != null && from.getConfigMapKeyRef() != null) {
                    assertThat(manifests.keys("ConfigMap", from.getConfigMapKeyRef().getName()))
                            .as(c + " " + env.getName()).hasValueSatisfying(keys -> assertThat(keys)
                                    .contains(from.getConfigMapKeyRef().getKey()));
                }
            }
        }
        manifests.podTemplates().forEach((m, template) -> {
            for (Volume v : template.getSpec().getVolumes()) {
                if (v.getSecret() != null) {
                    assertThat(manifests.keys("Secret", v.getSecret().getSecretName())).as(m.name() + " " + v.getName()).isPresent();
                }
                if (v.getConfigMap() != null) {
                    assertThat(manifests.keys("ConfigMap", v.getConfigMap().getName())).as(m.name() + " " + v.getName()).isPresent();
                }
            }
        });
    }

    @Test
    void everyVolumeMountNamesAVolumeOfItsPod() {
        for (PodContainer c : manifests.containers()) {
            List<String> volumes = c.template().getSpec().getVolumes().stream().map(Volume::getName).toList();
            assertThat(c.container().getVolumeMounts()).as(c.toString())
                    .allSatisfy(mount -> assertThat(volumes).contains(mount.getName()));
        }
    }

    @Test
    void everyVariableAFleetwayContainerSetsIsOneFleetwayReads() {
        FleetwayVariables fleetway = FleetwayVariables.fromConfigMapping();
        assertThat(manifests.fleetwayContainers()).hasSize(4);
        for (PodContainer c : manifests.fleetwayContainers()) {
            assertThat(c.env()).as(c.toString()).extracting(EnvVar::getName).allMatch(fleetway::reads);
        }
    }

    @Test
    void theVariableCheckRejectsAMisspeltKeyAndAcceptsPerTenantAndFileVariables() {
        FleetwayVariables fleetway = FleetwayVariables.fromConfigMapping();
        assertThat(List.of("FLEETWAY_TENANTS_ACME_URL", "FLEETWAY_TENANTS_GLOBEX_SCHEMA", "DB__PASSWORD_FILE",
                "FLEETWAY_TENANT_DEFAULTS_MIGRATION_USER_PASSWORD_FILE", "FLEETWAY_TENANTS_FILE", "FLEETWAY_LOCK_WAIT",
                "FLEETWAY_PLACEHOLDERS_GREETING", "FLEETWAY_AUTO_MIGRATE")).allMatch(fleetway::reads);
        assertThat(List.of("FLEETWAY_TENANT_DEFAULT_MIGRATION_USER_USERNAME", "FLEETWAY_DEFAULT_USER", "DB_USER",
                "FLEETWAY_LOGFORMAT", "PGPASSWORD", "FLEETWAY_DEFAULT_APP_USER_NAME")).noneMatch(fleetway::reads);
    }

    @Test
    void everyFleetwayContainersArgumentsParseAsAFleetwayCommandLine() {
        List<String> pending = new ArrayList<>();
        for (PodContainer c : manifests.fleetwayContainers()) {
            for (List<String> args : expanded(c)) {
                CommandLine cli = FleetwayCli.create(new PrintWriter(new StringWriter()),
                        new PrintWriter(new StringWriter()), Map.of(), Path.of("."));
                // Assumption: a pending command (serve) is being built elsewhere; its manifest is checked
                // in every other respect, and its arguments are parsed here as soon as the command exists.
                if (PENDING_COMMANDS.contains(args.get(0)) && !cli.getSubcommands().containsKey(args.get(0))) {
                    pending.add(c + ": " + args);
                    continue;
                }
                assertThat(cli.getSubcommands()).as(c.toString()).containsKey(args.get(0));
                ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));
                assertThat(parsed.subcommand().commandSpec().name()).as(c.toString()).isEqualTo(args.get(0));
                ParseResult command = parsed.subcommand();
                if (command.hasMatchedOption("--shard")) {
                    String shard = command.matchedOptionValue("--shard", "");
                    assertThatCode(() -> Shard.parse(shard)).as(c.toString()).doesNotThrowAnyException();
                }
            }
        }
        assertThat(pending).as("commands still pending").allMatch(p -> p.contains("[serve"));
    }

    @Test
    void theIndexedJobsShardsCoverItsCompletionsExactly() {
        Job job = manifests.get(Job.class, "fleetway-upgrade-sharded");
        assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(job.getSpec().getCompletions()).isEqualTo(4);
        assertThat(job.getSpec().getParallelism()).isEqualTo(4);
        List<String> args = manifests.fleetwayContainer("fleetway-upgrade-sharded").args();
        String shard = args.get(args.indexOf("--shard") + 1);
        for (int i = 0; i < 4; i++) {
            assertThat(Shard.parse(shard.replace("$(JOB_COMPLETION_INDEX)", String.valueOf(i))))
                    .isEqualTo(new Shard(i, 4));
        }
        assertThat(args).containsSubsequence("upgrade", "--all");
    }

    @Test
    void thePreDeployJobAndTheInitContainerUpgradeTheWholeFleetWithBoundedRetries() {
        Job job = manifests.get(Job.class, "fleetway-upgrade");
        assertThat(job.getSpec().getBackoffLimit()).isPositive();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isPositive();
        assertThat(manifests.fleetwayContainer("fleetway-upgrade").args()).startsWith("upgrade", "--all");
        PodContainer init = manifests.fleetwayContainer("app");
        assertThat(init.init()).isTrue();
        assertThat(init.args()).startsWith("upgrade", "--all");
        assertThat(init.template().getSpec().getContainers()).extracting(Container::getImage)
                .containsExactly("registry.example.com/app:1.0");
    }

    @Test
    void fleetwayContainersRunLockedDownWithAWritableTmpAndBoundedMemory() {
        for (PodContainer c : manifests.fleetwayContainers()) {
            PodSecurityContext pod = c.template().getSpec().getSecurityContext();
            SecurityContext own = c.container().getSecurityContext();
            assertThat(Boolean.TRUE.equals(pod.getRunAsNonRoot()) || Boolean.TRUE.equals(own.getRunAsNonRoot()))
                    .as(c + " runAsNonRoot").isTrue();
            assertThat(own.getReadOnlyRootFilesystem()).as(c.toString()).isTrue();
            assertThat(own.getAllowPrivilegeEscalation()).as(c.toString()).isFalse();
            assertThat(own.getCapabilities().getDrop()).as(c.toString()).containsExactly("ALL");
            VolumeMount tmp = c.container().getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp"))
                    .findFirst().orElseThrow(() -> new AssertionError(c + " mounts nothing at /tmp"));
            assertThat(c.template().getSpec().getVolumes()).filteredOn(v -> v.getName().equals(tmp.getName()))
                    .singleElement().satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
            var resources = c.container().getResources();
            assertThat(resources.getRequests()).as(c.toString()).containsKeys("cpu", "memory");
            assertThat(resources.getLimits()).as(c.toString()).containsKey("memory");
        }
    }

    @Test
    void theTenantsFileVariablePointsIntoTheMountedTenantsConfigMap() {
        ConfigMap tenants = manifests.get(ConfigMap.class, "fleetway-tenants");
        for (PodContainer c : manifests.fleetwayContainers()) {
            Path file = Path.of(c.literal("FLEETWAY_TENANTS_FILE").orElseThrow(
                    () -> new AssertionError(c + " sets no FLEETWAY_TENANTS_FILE")));
            VolumeMount mount = c.container().getVolumeMounts().stream()
                    .filter(m -> Path.of(m.getMountPath()).equals(file.getParent())).findFirst()
                    .orElseThrow(() -> new AssertionError(c + " mounts nothing at " + file.getParent()));
            Volume volume = c.template().getSpec().getVolumes().stream().filter(v -> v.getName().equals(mount.getName()))
                    .findFirst().orElseThrow();
            assertThat(volume.getConfigMap().getName()).isEqualTo("fleetway-tenants");
            assertThat(tenants.getData()).containsKey(file.getFileName().toString());
        }
    }

    @Test
    void theTenantsConfigMapWithThePlaceholderSecretsIsAConfigurationFleetwayAccepts(@TempDir Path dir)
            throws Exception {
        PodContainer job = manifests.fleetwayContainer("fleetway-upgrade");
        Path file = dir.resolve("tenants.yaml");
        Files.writeString(file, manifests.get(ConfigMap.class, "fleetway-tenants").getData().get("tenants.yaml"));
        Map<String, String> env = new HashMap<>();
        for (EnvVar e : job.env()) {
            var ref = e.getValueFrom() == null ? null : e.getValueFrom().getSecretKeyRef();
            env.put(e.getName(), ref != null ? manifests.secretValue(ref.getName(), ref.getKey()) : e.getValue());
        }
        env.put("FLEETWAY_TENANTS_FILE", file.toString());
        env.put("FLEETWAY_CONFIG_DIR", dir.toString());   // not this machine's /etc/fleetway
        // `tenants` reads the whole configuration but connects to no database (no tenant query is set).
        CliResult result = Cli.run(env, dir, "tenants");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("acme", "tenant_acme", "globex", "tenant_globex", "initech", "initech_rw",
                "3 tenant(s)");
    }

    @Test
    void fleetwayServeIsProbedOnItsHealthEndpointsAndReachableThroughItsService() {
        PodContainer serve = manifests.fleetwayContainer("fleetway-serve");
        assertThat(serve.args()).startsWith("serve");
        assertThat(serve.container().getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
        assertThat(serve.container().getLivenessProbe()).as("liveness probe").isNotNull();
        assertThat(serve.container().getReadinessProbe()).as("readiness probe").isNotNull();
        assertThat(path(serve, serve.container().getLivenessProbe().getHttpGet())).isEqualTo("8080/q/health/live");
        assertThat(path(serve, serve.container().getReadinessProbe().getHttpGet())).isEqualTo("8080/q/health/ready");
        Service service = manifests.get(Service.class, "fleetway-serve");
        assertThat(serve.template().getMetadata().getLabels()).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> assertThat(
                resolve(serve, p.getTargetPort())).isEqualTo(8080));
    }

    /** The container's args with every {@code $(VAR)} expanded, once per value the variable can take. */
    private List<List<String>> expanded(PodContainer c) {
        List<String> args = c.args();
        assertThat(args).as(c + " has args").isNotEmpty();
        String joined = String.join("\u0000", args);
        Matcher m = VARIABLE_REFERENCE.matcher(joined);
        List<String> referenced = new ArrayList<>();
        while (m.find()) {
            referenced.add(m.group(1));
        }
        // Kubernetes expands $(VAR) only for variables the container declares.
        assertThat(c.env()).extracting(EnvVar::getName).as(c.toString()).containsAll(referenced);
        if (referenced.isEmpty()) {
            return List.of(args);
        }
        assertThat(referenced).as(c + ": only the completion index is expanded").containsOnly("JOB_COMPLETION_INDEX");
        int completions = ((Job) c.workload().resource()).getSpec().getCompletions();
        List<List<String>> all = new ArrayList<>();
        for (int i = 0; i < completions; i++) {
            String index = String.valueOf(i);
            all.add(args.stream().map(a -> a.replace("$(JOB_COMPLETION_INDEX)", index)).toList());
        }
        return all;
    }

    private static String path(PodContainer c, HTTPGetAction get) {
        return resolve(c, get.getPort()) + get.getPath();
    }

    private static int resolve(PodContainer c, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return c.container().getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(c + " has no port named " + port.getStrVal())).getContainerPort();
    }
}
